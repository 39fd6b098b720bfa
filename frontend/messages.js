// The server's messages in Chinese. The server writes its messages in
// English, from a few shapes: "where: what: reason", where each part before
// the reason names a file and line, a rule, or a field and its value. The
// quoted parts (file names, columns, values) come from the user's own input
// and are kept as they are; the rest is translated here. A reason of no
// known shape becomes a general sentence; the server's words stay in the
// element's title, and in English.
//
// An error answer also carries a code and its parameters (api/messages.go):
// where the code names the message's shape, the admin tab says it from the
// code (i18n.js serverMessage, as the rest of the map does), and falls back
// to the shapes below only for codes that leave the reason in English
// ("invalid", "other").

import { language, t, serverMessage } from './i18n.js';
import { $, message } from './ui.js';

/** Field and key names, as messages and rule packs name them. */
const fields = {
  lat: '纬度', lon: '经度', name: '名称', category: '类别', categories: '类别', licence: '许可证号',
  kind: '类型', school_kind: '学段', school_kinds: '学段', 'school kind': '学段', water_kind: '水域类型', id: '编号',
  address: '地址', wkt: 'WKT 几何', geometry: '几何', row: '该行', header: '表头', sheet: '工作表', encoding: '编码',
  crs: '坐标系', columns: '列名', distance_m: '距离（米）', from: '起算位置', method: '测量方式', severity: '严重程度',
  citation: '依据', clause: '条文', document: '文件', title: '标题', issuer: '发文机关', number: '文号', date: '日期',
  url: '网址', note: '说明', rules: '规则', key: '键', role: '角色', school: '学校', school_id: '学校编号', token: '令牌', unit: '责任单位',
  body: '上传内容', file: '文件', extension: '扩展名', skip_bad: '跳过错误行', 'unknown key': '未知的键', import: '导入',
  unauthorized: '未通过身份验证', 'invalid input': '输入有误',
};

/** Reasons, the last part of a message. $1... are kept from the match. */
const reasons = [
  [/^must be between (\S+) and (\S+)$/, '应在 $1 至 $2 之间'],
  [/^must be one of (.+)$/, '应为下列之一：$1'],
  [/^must be a number of degrees$/, '应为以度为单位的数字'],
  [/^must be a number of meters$/, '应为以米为单位的数字'],
  [/^must be greater than 0 and at most (\d+)$/, '应大于 0 且不超过 $1'],
  [/^must not be (?:empty|blank)$/, '不能为空'],
  [/^must list at least one$/, '至少列出一项'],
  [/^must be text$/, '应为文字'],
  [/^must be a list such as \[(.*)\]$/, '应为列表，如 [$1]'],
  [/^required.*$/, '缺少此项'],
  [/^listed twice$/, '重复列出'],
  [/^given twice$/, '重复给出'],
  [/^sent twice$/, '重复上传'],
  [/^not found$/, '不存在'],
  [/^already used at (.+)$/, '与 $1 重复'],
  [/^already used on row (\d+)$/, '与第 $1 行重复'],
  [/^repeated \(first at line (\d+)\)$/, '重复（首次出现在第 $1 行）'],
  [/^must be a business category.*$/, '不是经营类别（如 网吧、彩票销售点）'],
  [/^not allowed for a rule of kind inside.*$/, '校内（inside）类规则不填此项：它查找校园内的场所'],
  [/^not allowed for a rule of kind along.*$/, '上学路线（along）类规则不填此项：它自学生上下学路线起算'],
  [/^only rules of kind near are measured by walking$/, '只有周边（near）类规则可按步行距离测量'],
  [/^a school has no category.*$/, '学校没有经营类别：请改填学段（小学、中学……）'],
  [/^must be YYYY, YYYY-MM or YYYY-MM-DD$/, '日期应为 YYYY、YYYY-MM 或 YYYY-MM-DD'],
  [/^must start with https:\/\/ or http:\/\/$/, '应以 https:// 或 http:// 开头'],
  [/^must be a mapping with keys (.+)$/, '应为含以下键的映射：$1'],
  [/^must be 1 to 64 characters.*$/, '应为 1 至 64 个字符（a-z、0-9、_、.、-）'],
  [/^must match the file name "(.*)"$/, '应与文件名“$1”一致'],
  [/^must be a file name without a directory.*$/, '应为不含目录的文件名，不以“.”开头，不超过 100 字节'],
  [/^must be the id of a rule pack.*$/, '应为规则包编号'],
  [/^no such rule pack(?:; available: (.+))?$/, '没有这个规则包'],
  [/^no such uploaded pack$/, '没有这个已上传的规则包'],
  [/^no such school in the map data$/, '地图数据中没有这所学校'],
  [/^role school must be bound to a school ID$/, '学校令牌须绑定学校编号'],
  [/^only role school is bound to a school$/, '只有学校令牌绑定学校'],
  [/^only roles regulator and police are bound to a unit.*$/, '只有监管部门和公安的令牌可绑定责任单位'],
  [/^must name a responsible unit.*$/, '须填写责任单位，如“市场监管部门”'],
  [/^must be at most (\d+) characters, without spaces around$/, '不能超过 $1 个字符，首尾不能有空格'],
  [/^a token is bound to a school or a unit, not both.*$/, '令牌只能绑定学校或责任单位之一'],
  [/^it is the default: select another default first$/, '这是默认规则包：请先另选默认规则包'],
  [/^the last admin token: create another admin token before revoking it$/, '这是最后一个管理员令牌：请先创建另一个管理员令牌再吊销'],
  [/^the server's rules directory has a pack of that id.*$/, '服务器规则目录中已有同编号的规则包：请给上传的规则包另取编号'],
  [/^larger than the import limit of (\S+ \S+).*$/, '超过导入上限 $1'],
  [/^a rule pack must be at most (\d+) bytes$/, '规则包不能超过 $1 字节'],
  [/^bad YAML(?:: .*)?$/, 'YAML 格式错误'],
  [/^a second YAML document.*$/, '一个文件只能有一个规则包'],
  [/^empty file.*$/, '文件为空'],
  [/^empty: a header row is required$/, '文件为空：需要表头行'],
  [/^\.xls \(Excel 97-2003\) is not read.*$/, '不读取 .xls（Excel 97-2003）文件：请另存为 .xlsx'],
  [/^none sent.*$/, '未上传文件'],
  [/^a Shapefile part without its \.shp$/, '缺少对应的 .shp 文件'],
  [/^stopped after (\d+) problems$/, '问题过多，只列出前 $1 个'],
  [/^not in the workbook.*$/, '工作簿中没有这个工作表'],
  [/^not in the header.*$/, '表头中没有这一列'],
  [/^the text is not valid UTF-8 here.*$/, '此处不是有效的 UTF-8 文字：请指定编码（GBK 文件用 gb18030）'],
  [/^no lon and lat columns.*$/, '没有经度、纬度列，也没有 WKT 列'],
  [/^send files as parts named "file".*$/, '请以名为 file 的表单项上传文件'],
  [/^a bearer token is required$/, '需要令牌：请在页面顶部填写管理员令牌'],
  [/^(?:malformed|unknown) token$/, '令牌无效或已被吊销'],
  [/^this server cannot reload.*$/, '此服务器无法重新加载数据'],
  [/^internal error.*$/, '服务器内部错误，详见服务器日志'],
  [/^must be valid UTF-8.*$/, '不是有效的 UTF-8 文字'],
  [/^must not contain control characters \((U\+[0-9A-F]+)\)$/, '不能含控制字符（$1）'],
  [/^must be at most (\d+) characters$/, '不能超过 $1 个字符'],
  [/^request body over (\S+) (\S+)$/, '上传内容超过上限 $1 $2'],
  [/^request stopped at the time limit of (\S+)$/, '请求超过时限（$1），已停止'],
  [/^request cancelled$/, '请求已取消'],
];

const fieldValue = /^(.+?) "(.*)"$/; // field "value"
const fieldCut = /^(.+?) "(.*)"…\((\d+) bytes\)$/; // field "the first 64 bytes"…(N bytes)
const fileLine = /^(.+?):(\d+)$/; // file:line
const ruleRef = /^rule "(.*)"$/;
const rolePart = /^role "(.*)" may not .*$/;

/** zhPart renders one part of a message's location. */
function zhPart(p) {
  let m;
  if ((m = p.match(fileLine)) && /\.[A-Za-z0-9]+$/.test(m[1])) return `${m[1]} 第 ${m[2]} 行`;
  if ((m = p.match(ruleRef))) return `规则“${m[1]}”`;
  if ((m = p.match(rolePart))) return `此令牌的角色（${m[1]}）无权进行这项操作`;
  if ((m = p.match(fieldCut))) return `${field(m[1])}“${m[2]}…”（共 ${m[3]} 字节）`;
  if ((m = p.match(fieldValue))) return `${field(m[1])}“${m[2]}”`;
  return field(p);
}

/** fieldLabel names a field of a bad row in the page's language. */
export function fieldLabel(f) {
  return language() === 'zh' ? field(f) : f;
}

/** field names a field in Chinese: a column as the file names it, less the field in brackets. */
function field(f) {
  const col = f.match(/^(.+) \((\w+)\)$/);
  if (col) return /[\u4e00-\u9fff]/.test(col[1]) ? col[1] : fields[col[2]] || col[1];
  return fields[f] || f;
}

/** zhReason translates a reason, or returns null. */
function zhReason(r) {
  for (const [re, zh] of reasons) {
    if (re.test(r)) return r.replace(re, zh);
  }
  return null;
}

/**
 * zhMessage returns msg in Chinese, or null when some part of it is of no
 * known shape.
 */
export function zhMessage(msg) {
  const parts = String(msg).split(': ');
  // The reason may itself hold ": " (bad YAML: ...): try the longest first.
  for (let i = 0; i < parts.length; i++) {
    const reason = zhReason(parts.slice(i).join(': '));
    if (reason === null) continue;
    const where = parts.slice(0, i).map(zhPart);
    if (where.some((w) => /[A-Za-z]{3,} [A-Za-z]{3,}/.test(w))) return null; // English left in it
    return where.length ? `${where.join('，')}：${reason}` : reason;
  }
  const m = String(msg).match(rolePart);
  return m ? zhPart(msg) : null;
}

/**
 * say returns the text to show for a message of the server: in Chinese
 * when the page is, and general for a message of no known shape.
 */
export function say(msg, general) {
  if (language() !== 'zh') return String(msg);
  return zhMessage(msg) ?? general;
}

/** sayLines is say for a message of one problem a line, as rule packs have. */
export function sayLines(msg, general) {
  return String(msg).split('\n').map((l) => say(l, general));
}

/** Codes whose Chinese says less than the shapes above can: the reason stays English. */
const shapeCodes = new Set(['invalid', 'other', 'status']);

/** serverText returns the server's own (English) words of an error. */
export function serverText(err) {
  return (err && err.body && err.body.error) || (err && err.message) || '';
}

/**
 * sayError returns the text to show for an error of the API: from its code
 * when the server sent one that names the message's shape, else from the
 * shape of its English message (say), else general. An error with no
 * answer (the network) is already in the page's language.
 */
export function sayError(err, general) {
  const body = err && err.body;
  if (!body) return err && err.status ? say(serverText(err), general) : (err && err.message) || general;
  if (language() !== 'zh') return body.error;
  if (body.code && !shapeCodes.has(body.code) && t(`err.${body.code}`) !== `err.${body.code}`) return serverMessage(body);
  return zhMessage(body.error) ?? (body.code === 'invalid' ? serverMessage(body) : general);
}

/** adminError shows an error of the admin API, in the page's language. */
export function adminError(err) {
  if (!err || err.name === 'AbortError') return;
  if (err.status === 401) message(t('admin.needToken'));
  else if (err.status === 403) message(t('admin.forbidden'));
  else message(sayError(err, t('admin.general')));
  $('message').title = serverText(err); // the server's own words, on hover
}
