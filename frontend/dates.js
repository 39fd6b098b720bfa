// How a rule that treats older places otherwise read a hit's dates: the
// place opened before the school or before the rule took effect, or after
// both, or has no date and so counts as new. Empty for rules that ignore
// dates.

import { t, label } from './i18n.js';

/** datesLine says which date applied to hit h and what it made of it, or "". */
export function datesLine(h) {
  if (!h.existing) return '';
  if (h.undated) return t('dates.undated', { existing: label('existing', h.existing) });
  if (h.precedes) {
    const when = h.precedes === 'school' ? h.school_opened_on : h.rule_effective;
    return t(`dates.precedes.${h.precedes}`, { opened: h.opened_on, when, existing: label('existing', h.existing), sev: label('severity', h.severity) });
  }
  return t('dates.new', { opened: h.opened_on });
}
