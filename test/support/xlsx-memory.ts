/**
 * Run in a child process by test/unit/xlsx-bomb.spec.ts: reads the workbook named on the command
 * line to its end with libs/files/xlsx.ts and prints, as one JSON line, the rows read or the
 * problem it was refused with, and how far the process's memory rose above what it held before
 * the read, at its highest (its own process, so nothing else the test runner holds is counted).
 * Sampled every millisecond during the read, not the process's maxRSS: that peak may come from
 * before the read (the TypeScript this process was transpiled with), and would hide the read's.
 */
import { xlsxRows, type ZipLimits } from '../../libs/files/xlsx';

async function main(): Promise<void> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const sampler = setInterval(sample, 1);
  let rows = 0;
  let refused: string | null = null;
  try {
    // A second argument (JSON) gives the central directory's limits; the defaults otherwise.
    const limits = process.argv[3] ? (JSON.parse(process.argv[3]) as ZipLimits) : undefined;
    for await (const _ of xlsxRows(process.argv[2]!, { limits })) {
      rows += 1;
      sample();
    }
  } catch (err) {
    refused = (err as Error).message;
  }
  sample();
  clearInterval(sampler);
  const peakGrowthMiB = Math.max(0, (peak - before) / 2 ** 20);
  process.stdout.write(`${JSON.stringify({ rows, refused, peakGrowthMiB: Math.round(peakGrowthMiB) })}\n`);
}

void main();
