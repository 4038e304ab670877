// Preloaded into a benchmarked process (node --require bench/child-usage.cjs ...): at exit it writes its own
// peak RSS and user + system CPU time to the file named by AISPEC_BENCH_USAGE, so a bench gets these figures
// on any platform, without GNU time.
const { writeFileSync } = require('node:fs');

const target = process.env.AISPEC_BENCH_USAGE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(target, JSON.stringify({ maxRssKb: usage.maxRSS, userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000 }));
  });
}
