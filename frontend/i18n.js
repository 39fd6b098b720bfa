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
    'police.hint': '地图显示学校和现有警务点。护学岗规划功能尚未上线。',
    'police.count': '当前范围：学校 {s} 所，警务点 {p} 个',
    'layer.basemap': '离线底图',
    'layer.tiles': '在线瓦片',
    'layer.schools': '学校',
    'layer.police': '警务点',
    'layer.patrol': '护学岗（规划中，暂无数据）',
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
    'cat.internet_cafe': '网吧',
    'cat.song_dance': '歌舞娱乐场所（KTV）',
    'cat.game_arcade': '电子游戏厅',
    'cat.lottery': '彩票销售点',
    'cat.gambling': '赌博场所',
    'cat.bar': '酒吧',
    'cat.tobacco': '烟草销售点',
    'cat.street_stall': '占道摊点',
    'cat.market': '市场',
    'cat.parking': '停车场',
    'cat.fireworks': '烟花爆竹',
    'cat.hotel': '旅馆',
    'cat.clinic': '诊所',
    'cat.police': '警务点',
    'cat.water': '水域',
    'water.river': '河流',
    'water.stream': '溪流',
    'water.canal': '水渠',
    'water.ditch': '沟渠',
    'water.drain': '排水渠',
    'water.lake': '湖泊',
    'water.pond': '池塘',
    'water.reservoir': '水库',
    'water.basin': '蓄水池',
    'water.water': '水域',
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
    'police.hint': 'The map shows schools and existing police points. Patrol post planning is not available yet.',
    'police.count': 'In view: {s} schools, {p} police points',
    'layer.basemap': 'Offline basemap',
    'layer.tiles': 'Online tiles',
    'layer.schools': 'Schools',
    'layer.police': 'Police points',
    'layer.patrol': 'Patrol posts (planned, no data yet)',
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
    'cat.internet_cafe': 'internet cafe',
    'cat.song_dance': 'song and dance (KTV)',
    'cat.game_arcade': 'game arcade',
    'cat.lottery': 'lottery outlet',
    'cat.gambling': 'gambling',
    'cat.bar': 'bar',
    'cat.tobacco': 'tobacco shop',
    'cat.street_stall': 'street stall',
    'cat.market': 'market',
    'cat.parking': 'parking',
    'cat.fireworks': 'fireworks',
    'cat.hotel': 'hotel',
    'cat.clinic': 'clinic',
    'cat.police': 'police',
    'cat.water': 'water',
    'water.river': 'river',
    'water.stream': 'stream',
    'water.canal': 'canal',
    'water.ditch': 'ditch',
    'water.drain': 'drain',
    'water.lake': 'lake',
    'water.pond': 'pond',
    'water.reservoir': 'reservoir',
    'water.basin': 'basin',
    'water.water': 'water',
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

/** label returns the name of a category or school kind, or the code itself. */
export function label(prefix, code) {
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
