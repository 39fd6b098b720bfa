// The hazard ledger's server messages in Chinese. The server writes them in
// English ("deadline \"2025-06-09\": must be today (2025-06-10) or later");
// each shape below becomes a Chinese sentence, keeping the values quoted
// from the user's own input. Other shapes go to messages.js, and a message
// of no known shape becomes a general sentence, with the server's own
// words in the message's title.

import { token } from './api.js';
import { language, t, serverMessage } from './i18n.js';
import { $, message } from './ui.js';
import { zhMessage, serverText } from './messages.js';

const fields = {
  to: '目标状态', comment: '说明', unit: '责任单位', person: '责任人', deadline: '整改期限', grade: '等级',
  description: '描述', category: '类别', observed_at: '发现时间', phoned_at: '电话首报时间', name: '文件名',
  school_id: '学校', version: '版本', limit: '每页条数', after: '分页位置', state: '状态', overdue: '逾期',
  vanished: '审计未再发现', source: '来源', format: '格式', top: '学校数',
};
const field = (f) => fields[f] || f;
const state = (s) => t(`ledger.state.${s}`);
const states = (list) => list.split(', ').map(state).join('、');
const role = (r) => t(`ledger.role.${r}`);
const kind = (type) => ({ 'image/jpeg': 'JPEG', 'image/png': 'PNG', 'application/pdf': 'PDF' })[type] || `“${type}”`;

/** Shapes of the ledger's messages, and their Chinese; m is the match. */
const shapes = [
  [/^state "(\w+)": hazard (\d+) cannot go to "(\w+)"; from \w+ it may go to ([\w, ]+?)(; a hazard is closed.*)?$/,
    (m) => `隐患 ${m[2]} 当前为“${state(m[1])}”，不能转为“${state(m[3])}”，只能转为：${states(m[4])}${m[5] ? '。隐患须经验收后销号，或经审计标记已消失并核实后销号' : ''}`],
  [/^state "(\w+)": hazard (\d+) cannot go to "(\w+)"; it allows no move.*$/,
    (m) => `隐患 ${m[2]} 当前为“${state(m[1])}”，不能转为“${state(m[3])}”`],
  [/^version (\d+): hazard (\d+) is at version (\d+); read it again$/,
    (m) => `隐患 ${m[2]} 已被他人更新（您看到的是第 ${m[1]} 版，现为第 ${m[3]} 版），请重新打开后再操作`],
  [/^role "(\w+)" may not move a hazard from (\w+) to (\w+) \((.+)\); allowed: (.+)$/,
    (m) => `${role(m[1])}无权“${m[4]}”（${state(m[2])} → ${state(m[3])}），可由${m[5].split(', ').map(role).join('、')}办理`],
  [/^role "(\w+)" may not \w+ .*$/, (m) => `此令牌的角色（${role(m[1])}）无权进行这项操作`],
  [/^hazard (\d+): this token may only act on hazards of school "(.*)"$/, () => '学校令牌只能处理本校的隐患'],
  [/^hazard (\d+): assigned to unit "(.*)"; this token may only act on hazards of unit "(.*)"$/,
    (m) => `隐患 ${m[1]} 的责任单位是“${m[2]}”：此令牌属于“${m[3]}”，只能处理本单位的隐患`],
  [/^school "(.*)": this token may only read the \w+ of school "(.*)"$/, () => '学校令牌只能查看本校的隐患'],
  [/^comment "(.*)": required to move a hazard from \w+ to \w+ \((.+)\): say why$/, (m) => `“${m[2]}”须填写说明：请写明原因`],
  [/^attachments \[\]: moving to \w+ \((.+)\) needs the unit's evidence.*$/,
    (m) => `“${m[1]}”须附上整改证据：请先上传照片或文件，并勾选作为证据`],
  [/^(unit|person) "(.*)": required to assign.*$/, (m) => `交办须填写${field(m[1])}`],
  [/^deadline "(.*)": required to assign.*$/, () => '交办须填写整改期限（今天或以后的日期）'],
  [/^deadline "(.*)": must be today \((.+)\) or later$/, (m) => `整改期限“${m[1]}”不能早于今天（${m[2]}）`],
  [/^deadline "(.*)": must be at most (\d+) years ahead.*$/, (m) => `整改期限“${m[1]}”不能晚于 ${m[2]} 年以后`],
  [/^(\w+) "(.*)": must be a date YYYY-MM-DD.*$/, (m) => `${field(m[1])}“${m[2]}”应为日期，如 2025-09-30`],
  [/^(\w+) "(.*)": only given when assigning.*$/, (m) => `${field(m[1])}只在交办时填写`],
  [/^(\w+) "(.*)": must not be empty$/, (m) => `${field(m[1])}不能为空`],
  [/^(\w+): (\d+) characters, must be at most (\d+)$/, (m) => `${field(m[1])}共 ${m[2]} 字，不能超过 ${m[3]} 字`],
  [/^(\w+) "(.*)": must not contain control characters.*$/, (m) => `${field(m[1])}含有不可见的控制字符`],
  [/^(\w+) "(.*)": must be valid UTF-8$/, (m) => `${field(m[1])}含有无效字符`],
  [/^(observed_at|phoned_at) "(.*)": must be .*$/, (m) => `${field(m[1])}“${m[2]}”无效：应在一年之内，且不晚于现在`],
  [/^file: (.+?) bytes, larger than the limit of (\d+) bytes.*$/, (m) => `文件过大（${m[1].replace('more than', '超过')} 字节），每个文件不能超过 5 MB`],
  [/^file: empty.*$/, () => '文件为空'],
  [/^content type "(.*)": the file is not a JPEG, PNG or PDF.*$/, (m) => `文件标为 ${kind(m[1])}，内容却不是 JPEG、PNG 或 PDF：只能上传照片或 PDF 文件`],
  [/^content type "(.*)": the file is (\S+) by its first bytes$/, (m) => `文件标为 ${kind(m[1])}，内容却是 ${kind(m[2])}：请检查文件`],
  [/^content type "(.*)": must be one of .*$/, (m) => `不支持的文件类型“${m[1]}”：只能上传 JPEG、PNG 照片或 PDF 文件`],
  [/^name "(.*)": must be a file name.*$/, (m) => `文件名“${m[1]}”无效`],
  [/^category "(.*)": must be empty or one of .*$/, (m) => `类别“${m[1]}”无效`],
  [/^(to|state) "(.*)": must be one of .*$/, (m) => `${field(m[1])}“${m[2]}”无效`],
  [/^grade "(.*)": must be one of .*$/, (m) => `等级“${m[1]}”无效：应为一般、较大或重大`],
  [/^school_id "(.*)": no such school in the data$/, (m) => `地图数据中没有学校“${m[1]}”`],
  [/^hazard "?(.*?)"?: not found.*$/, (m) => `隐患 ${m[1]} 不存在`],
  [/^attachment "(.*)" of hazard (\d+): not found$/, (m) => `隐患 ${m[2]} 没有这个附件`],
  [/^attachments: (\d+) listed, at most (\d+)$/, (m) => `一次最多列出 ${m[2]} 个附件`],
  [/^attachments\[\d+\] "(.*)": not a file attached to hazard (\d+)$/, (m) => `所选证据不是隐患 ${m[2]} 的附件`],
  [/^attachments\[\d+\] "(.*)": listed twice$/, () => '同一附件勾选了两次'],
  [/^lon and lat: both are required.*$/, () => '请先在地图上点击隐患的位置'],
  [/^no such endpoint: \/api\/v1\/ledger.*$/, () => t('ledger.disabled')],
  [/^internal error.*$/, () => '服务器内部错误，详见服务器日志'],
];

/**
 * ledgerShape returns msg in Chinese by the ledger's own shapes, or null.
 * The store puts what it was doing before the reason ("transition hazard:
 * ..."): the longest tail of a known shape is translated.
 */
function ledgerShape(msg) {
  const parts = String(msg).split(': ');
  for (let i = 0; i < parts.length; i++) {
    const tail = parts.slice(i).join(': ');
    for (const [re, zh] of shapes) {
      const m = tail.match(re);
      if (m) return zh(m);
    }
  }
  return null;
}

/** zhLedger returns msg in Chinese, or null when it is of no known shape. */
export function zhLedger(msg) {
  return ledgerShape(msg) ?? zhMessage(String(msg));
}

/** Codes that say no more than the message's wording does. */
const vagueCodes = new Set(['invalid', 'other', 'status']);

/**
 * zhAnswer says an error answer of the ledger's API in Chinese, or null:
 * by the ledger's own shapes of its English wording, which say more than
 * the general codes do ("交办须填写责任单位"); else by the answer's code
 * and parameters; else by the map's general shapes.
 */
function zhAnswer(body, raw) {
  const own = ledgerShape(raw);
  if (own !== null) return own;
  if (body && body.code && !vagueCodes.has(body.code) && t(`err.${body.code}`) !== `err.${body.code}`) return serverMessage(body);
  return zhMessage(raw);
}

/**
 * ledgerError shows an error of the ledger's API in the page's language:
 * a missing token and a refused one by their status, the others by their
 * code or wording. err.message is already in the page's language, so the
 * server's own (English) words are read from the answer's body; they are
 * kept in the message's title.
 */
export function ledgerError(err) {
  if (!err || err.name === 'AbortError') return;
  const raw = serverText(err) || String(err);
  let text = raw;
  if (err.status === 401) text = t(token() ? 'ledger.badToken' : 'ledger.needToken');
  else if (err.status === 413 && language() === 'zh') text = zhAnswer(err.body, raw) ?? t('ledger.error.tooLarge');
  else if (language() === 'zh' && err.status) text = zhAnswer(err.body, raw) ?? t('ledger.error.general');
  message(text);
  $('message').title = raw;
}
