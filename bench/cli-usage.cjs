// Preloaded into each process the checker's benchmarks run (`node -r ./bench/cli-usage.cjs ...`): at exit, writes
// the process's CPU time and peak RSS, as the kernel counts them, to the file named by CLI_BENCH_USAGE_FILE.
const { writeFileSync } = require('node:fs')

process.on('exit', () => {
  const usage = process.resourceUsage()
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000
  writeFileSync(process.env.CLI_BENCH_USAGE_FILE, JSON.stringify({ cpuMs, maxRssKb: usage.maxRSS }))
})
