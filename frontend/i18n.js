// One dictionary, Simplified Chinese by default, English on request. t(key,
// vars) looks a key up in the current language; {name} in a string is
// replaced by vars.name. Elements with data-i18n (text), data-i18n-placeholder
// or data-i18n-title are filled by apply().

const dict = {
  zh: {
    title: '校园周边安全区域',
    'tab.regulator': '市场监管',
    'tab.school': '学校',
    'tab.police': '公安',
    'lang.switch': 'English',
    token: '令牌',
    'token.placeholder': '监管令牌（可选）',
    category: '经营类别',
    'category.lead': '牵头单位：{unit}',
    'category.legend': '类别与牵头单位',
    lat: '纬度',
    lon: '经度',
    wgs84: 'WGS84 坐标，或直接点击地图',
    check: '核查',
    'check.hint': '选择类别后点击地图或输入坐标。',
    'check.working': '正在核查…',
    'verdict.prohibited': '禁止设立',
    'verdict.inspect': '需现场核查',
    'verdict.allowed': '未发现违规',
    'verdict.not_covered': '不在数据覆盖范围内',
    nearest: '最近学校：{name}，{d}',
    'hits.none': '附近没有适用的规则。',
    hit: '{school}：距离 {d}（限 {limit}，{from}）',
    'from.campus': '自校园边界',
    'from.gate': '自校门',
    'from.route': '自上下学路线',
    'school.along': '上下学路线沿线',
    'school.alongHint': '上下学路线：自周边 1 公里内居住区步行至校门的最短路线。',
    'school.lacking': '应配置而缺少',
    'school.lackingItem': '{limit} 内没有{cat}',
    'school.nearestOf': '最近：{name}，{d}',
    'school.noneWithin': '5 公里内也没有',
    'school.noLacking': '无',
    'audit.lacking': '缺少{cat}',
    citation: '依据：{text}',
    meters: '{d} 米',
    'zones.show': '显示该类别的禁设区域',
    'zones.count': '禁止开设：{p} 处区域；需核查：{i} 处区域',
    'audit.title': '执照批量核查',
    'audit.upload': '上传执照清单（CSV：name,category,lon,lat,licence）',
    'audit.view': '核查当前地图范围',
    'audit.download': '下载：',
    'audit.none': '没有发现违规。',
    'audit.count': '共 {n} 条违规',
    'audit.token': '批量核查需要监管令牌：请在页面顶部填写。',
    'col.name': '名称',
    'col.category': '类别',
    'col.school': '学校',
    'col.rule': '规则',
    'col.distance': '距离/限制',
    'school.search': '学校名称',
    'school.find': '查找',
    'school.none': '没有找到学校。',
    'school.hint': '输入学校名称（可部分匹配）。',
    'school.rings': '安全圈：50 / 100 / 200 米',
    'school.ring': '{r} 米圈内',
    'school.noHazards': '无',
    'school.water': '附近水域',
    'school.print': '打印隐患清单',
    'school.total': '共 {n} 处隐患',
    'school.unnamed': '（无名称）',
    'route.title': '上下学路线沿线水域',
    'route.hint': '点“画路线”，在地图上依次点击学生走的路，再点“查沿线水域”。',
    'route.draw': '画路线',
    'route.drawing': '结束画线',
    'route.within': '距离（米）',
    'route.check': '查沿线水域',
    'route.clear': '清除',
    'route.none': '路线 {d} 米内没有水域。',
    'route.along': '距起点 {d}',
    'route.report': '上下学路线沿线水域：{n} 条步行路线（{reach} 米内居住区至校门），{d} 米内',
    'police.hint': '地图显示学校和现有警务点（视为已有岗位）。',
    'patrol.title': '护学岗规划',
    'patrol.k': '新增岗位 K',
    'patrol.r': '覆盖半径 R（米）',
    'patrol.plan': '规划',
    'patrol.hint': '为当前地图范围内的学校规划；候选点为学校周边 300 米内的道路交叉口。岗位到校园的距离不超过 R 即视为覆盖。需公安或管理员令牌。',
    'patrol.working': '正在规划……',
    'patrol.summary': '新增 {k} 个岗位后，{n} 所学校中 {c} 所被覆盖（现有警务点已覆盖 {e}）。',
    'patrol.bound': '任何方案最多覆盖 {u}，与本方案相差不超过 {g}。',
    'patrol.left': '仍有 {n} 所学校未覆盖（红色）。',
    'patrol.post': '护学岗 {id}：覆盖 {n} 所学校',
    'patrol.existing_post': '现有警务点 {id}：覆盖 {n} 所学校',
    'patrol.covered': '已覆盖',
    'patrol.uncovered': '未覆盖',
    'police.count': '当前范围：学校 {s} 所，警务点 {p} 个',
    'layer.basemap': '离线底图',
    'layer.tiles': '在线瓦片',
    'layer.schools': '学校',
    'layer.police': '警务点',
    'layer.patrol': '护学岗规划',
    'layer.zones': '禁设区域',
    'layer.check': '核查结果',
    'layer.audit': '批量核查结果',
    'layer.report': '学校报告',
    truncated: '数据过多，仅显示前 {n} 个，请放大地图。',
    'severity.prohibited': '禁止',
    'severity.inspect': '需核查',
    'kind.kindergarten': '幼儿园',
    'kind.primary': '小学',
    'kind.secondary': '中学',
    'kind.school': '学校',
    'error.network': '无法连接服务器：{msg}',
  },
  en: {
    title: 'School safety zones',
    'tab.regulator': 'Regulator',
    'tab.school': 'School',
    'tab.police': 'Police',
    'lang.switch': '中文',
    token: 'Token',
    'token.placeholder': 'regulator token (optional)',
    category: 'Business category',
    'category.lead': 'Lead unit: {unit}',
    'category.legend': 'Categories and lead units',
    lat: 'Latitude',
    lon: 'Longitude',
    wgs84: 'WGS84 coordinates, or click the map',
    check: 'Check',
    'check.hint': 'Choose a category, then click the map or type coordinates.',
    'check.working': 'Checking…',
    'verdict.prohibited': 'Prohibited',
    'verdict.inspect': 'Inspect on site',
    'verdict.allowed': 'No violation found',
    'verdict.not_covered': 'Not covered by the data',
    nearest: 'Nearest school: {name}, {d}',
    'hits.none': 'No rule applies nearby.',
    hit: '{school}: {d} away (limit {limit}, {from})',
    'from.campus': 'from the campus',
    'from.gate': 'from the gate',
    'from.route': 'from the ways to school',
    'school.along': 'Along the ways to school',
    'school.alongHint': 'Ways to school: the shortest walks to the gates from the residential areas within 1 km.',
    'school.lacking': 'Required but missing',
    'school.lackingItem': 'no {cat} within {limit}',
    'school.nearestOf': 'nearest: {name}, {d}',
    'school.noneWithin': 'none within 5 km either',
    'school.noLacking': 'None',
    'audit.lacking': 'lacks {cat}',
    citation: 'Source: {text}',
    meters: '{d} m',
    'zones.show': 'Show where this category is prohibited',
    'zones.count': 'Prohibited: {p} areas; to inspect: {i} areas',
    'audit.title': 'Licence audit',
    'audit.upload': 'Upload licences (CSV: name,category,lon,lat,licence)',
    'audit.view': 'Audit the map view',
    'audit.download': 'Download:',
    'audit.none': 'No violation found.',
    'audit.count': '{n} violations',
    'audit.token': 'Audits need a regulator token: enter it at the top of the page.',
    'col.name': 'Name',
    'col.category': 'Category',
    'col.school': 'School',
    'col.rule': 'Rule',
    'col.distance': 'Distance/limit',
    'school.search': 'School name',
    'school.find': 'Find',
    'school.none': 'No school found.',
    'school.hint': 'Type part of the school name.',
    'school.rings': 'Rings: 50 / 100 / 200 m',
    'school.ring': 'Within {r} m',
    'school.noHazards': 'None',
    'school.water': 'Water nearby',
    'school.print': 'Print the hazard list',
    'school.total': '{n} hazards',
    'school.unnamed': '(no name)',
    'route.title': 'Water along pupils\' routes',
    'route.hint': 'Click “Draw a route”, click along the way pupils walk, then “Find water along it”.',
    'route.draw': 'Draw a route',
    'route.drawing': 'Finish the route',
    'route.within': 'Within (m)',
    'route.check': 'Find water along it',
    'route.clear': 'Clear',
    'route.none': 'No water within {d} m of the route.',
    'route.along': '{d} from the start',
    'route.report': 'Water along the routes to school: {n} walks (from residential areas within {reach} m to the gates), within {d} m',
    'police.hint': 'The map shows schools and existing police points, which count as posts already staffed.',
    'patrol.title': 'Patrol post planning',
    'patrol.k': 'New posts K',
    'patrol.r': 'Cover radius R (m)',
    'patrol.plan': 'Plan',
    'patrol.hint': 'Plans for the schools in view; candidates are road junctions within 300 m of a school. A post covers a school whose campus is at most R away. Needs a police or admin token.',
    'patrol.working': 'Planning…',
    'patrol.summary': 'With {k} new posts, {c} of {n} schools are covered ({e} by existing police points).',
    'patrol.bound': 'No plan covers more than {u}: this one is at most {g} short.',
    'patrol.left': '{n} schools remain uncovered (red).',
    'patrol.post': 'Patrol post {id}: covers {n} schools',
    'patrol.existing_post': 'Police point {id}: covers {n} schools',
    'patrol.covered': 'covered',
    'patrol.uncovered': 'not covered',
    'police.count': 'In view: {s} schools, {p} police points',
    'layer.basemap': 'Offline basemap',
    'layer.tiles': 'Online tiles',
    'layer.schools': 'Schools',
    'layer.police': 'Police points',
    'layer.patrol': 'Patrol post plan',
    'layer.zones': 'Prohibited zones',
    'layer.check': 'Check result',
    'layer.audit': 'Audit results',
    'layer.report': 'School report',
    truncated: 'Too many features: showing the first {n}. Zoom in.',
    'severity.prohibited': 'prohibited',
    'severity.inspect': 'inspect',
    'kind.kindergarten': 'kindergarten',
    'kind.primary': 'primary school',
    'kind.secondary': 'secondary school',
    'kind.school': 'school',
    'error.network': 'Cannot reach the server: {msg}',
  },
};

const stored = localStorage.getItem('safezone.lang');
let lang = new URLSearchParams(location.search).get('lang') || stored || 'zh';
if (!dict[lang]) lang = 'zh';

/** The current language: "zh" or "en". */
export function language() { return lang; }

/** t returns the text of key in the current language, with {vars} filled in. */
export function t(key, vars = {}) {
  const s = dict[lang][key] ?? dict.zh[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}

/** meters formats a distance in meters with one decimal. */
export function meters(d) {
  return t('meters', { d: Number(d).toFixed(1) });
}

// Names of categories and water kinds come from the server's catalogue
// (GET /api/v1/categories), not from this file: a category is data.
const catalogue = { cat: new Map(), water: new Map(), lead: new Map() };

/** setCatalogue takes the names of categories, water kinds and lead units from GET /api/v1/categories. */
export function setCatalogue(c) {
  for (const k of c.categories) {
    catalogue.cat.set(k.id, k.name);
    catalogue.lead.set(k.id, k.lead);
  }
  for (const k of c.water_kinds) catalogue.water.set(k.id, k.name);
}

/**
 * label returns the name of a category ("cat"), water kind ("water"), a
 * category's lead unit ("lead"), a school kind or a severity, or the code
 * itself.
 */
export function label(prefix, code) {
  const names = catalogue[prefix];
  if (names && names.has(code)) return names.get(code)[lang] ?? names.get(code).zh;
  const key = `${prefix}.${code}`;
  return key in dict[lang] ? dict[lang][key] : code;
}

/** apply fills every element under root that names a key. */
export function apply(root = document) {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('title');
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
}

/** setLanguage switches the language, remembers it and tells the page. */
export function setLanguage(l) {
  lang = dict[l] ? l : 'zh';
  localStorage.setItem('safezone.lang', lang);
  apply();
  document.dispatchEvent(new CustomEvent('langchange'));
}
