import { main } from '../cli/main';

// A closed pipe (`cc-ci test | head`) must not kill the run before it tears down.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

process.exitCode = await main(process.argv.slice(2));
