// The stall probe of the growth scenario: asks a URL back to back (2 ms apart) until it is stopped, and prints a line
// with the slowest answer so far in ms each time it grows (the first line, 0, once the first answer came). A process of
// its own, so the benchmark's own pauses (its garbage collection after thousands of streams, its timing of the queries)
// are not counted as the server's.
const url = process.argv[2]!;
let worst = 0;
for (let first = true; ; first = false) {
  const t = performance.now();
  await (await fetch(url)).arrayBuffer();
  const took = performance.now() - t;
  if (first) console.log(0);
  else if (took > worst) console.log((worst = took));
  await Bun.sleep(2);
}

export {};
