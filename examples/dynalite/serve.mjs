// A DynamoDB-compatible server (dynalite) in memory on 127.0.0.1, for the examples' connection
// tables: `node serve.mjs [PORT]` (a free port by default) prints its endpoint URL on one line and
// serves until its standard input ends, that is until the process holding the other end of that
// pipe (wsgate, started by an example's ./run) has exited, however it exited. Ctrl-C is left to
// wsgate, which closes its connections first: their $disconnect handlers still find the table.
import dynalite from 'dynalite';

const port = Number(process.argv[2] ?? 0);
// Tables are ACTIVE at once, not after dynalite's default half second in CREATING.
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });

server.on('error', (e) => {
  console.error(`dynalite: ${e.message}`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => {
  console.log(`http://127.0.0.1:${server.address().port}`);
});

process.on('SIGINT', () => {});
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
