// Command-line flags of the perf scripts: "--name value" pairs, and a bare "--name" as true.
export function parseArgs(argv) {
  return Object.fromEntries(
    argv.reduce((acc, a, i, all) => {
      if (!a.startsWith("--")) return acc;
      const next = all[i + 1];
      return [...acc, [a.slice(2), next === undefined || next.startsWith("--") ? true : next]];
    }, []),
  );
}

/** The median of some numbers. */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
