// The server's messages in Chinese (frontend/messages.js), without a
// browser: the shapes of the hardening messages of issue 17.

import { test } from 'node:test';
import assert from 'node:assert/strict';

// i18n.js reads the saved language and the page's address when it loads.
globalThis.localStorage ??= { getItem: () => null, setItem: () => {} };
globalThis.location ??= { search: '' };
// ui.js, which messages.js imports for the message box, listens for
// language changes when it loads.
globalThis.document ??= { addEventListener: () => {}, getElementById: () => null };
const { zhMessage } = await import('../frontend/messages.js');

test('messages: hardening messages in Chinese', () => {
  const cases = [
    ['unauthorized: unknown token', '未通过身份验证：令牌无效或已被吊销'],
    ['unauthorized: a bearer token is required', '未通过身份验证：需要令牌：请在页面顶部填写管理员令牌'],
    ['request body over 8 MiB', '上传内容超过上限 8 MiB'],
    ['request stopped at the time limit of 30s', '请求超过时限（30s），已停止'],
    ['request cancelled', '请求已取消'],
    ['name "网吧\\xff": must be valid UTF-8', '名称“网吧\\xff”：不是有效的 UTF-8 文字'],
    ['body: must be valid UTF-8 (byte 4 is not)', '上传内容：不是有效的 UTF-8 文字'],
    ['licences.csv:3: name "一小\\x00": must not contain control characters (U+0000)', 'licences.csv 第 3 行，名称“一小\\x00”：不能含控制字符（U+0000）'],
    ['name "aaaa": must be at most 200 characters', '名称“aaaa”：不能超过 200 个字符'],
    ['lat "1111"…(7340032 bytes): must be a number of degrees', '纬度“1111…”（共 7340032 字节）：应为以度为单位的数字'],
    ['invalid input: lat "95": must be between -90 and 90', '输入有误，纬度“95”：应在 -90 至 90 之间'],
  ];
  for (const [en, zh] of cases) assert.equal(zhMessage(en), zh, en);
});
