/**
 * Returns the name people use for a village-level division whose official name is the committee's
 * (拐角铺村民委员会 → 拐角铺村, 东街社区居民委员会 → 东街社区, 哈达嘎查村民委员会 → 哈达嘎查), or null when
 * the official name is already the short one. Never throws.
 */
export function shortNameOf(name: string): string | null {
  const village = /^(.+?)(村民委员会|村委会)$/.exec(name);
  if (village) {
    const stem = village[1];
    return /(村|嘎查|屯|寨)$/.test(stem) ? stem : `${stem}村`;
  }
  const community = /^(.+?)(社区居民委员会|社区居委会)$/.exec(name);
  if (community) return `${community[1]}社区`;
  const residents = /^(.+?)居民委员会$/.exec(name);
  if (residents) return /社区$/.test(residents[1]) ? residents[1] : `${residents[1]}居委会`;
  return null;
}
