// What the CLI prints (every command, both descriptors) when its output goes to a pipe or a file: written to
// the descriptor at once, without process.stdout / process.stderr. Node creates those streams on first use, and
// for a pipe that loads its net, stream and readline modules: ~4 ms of a cold `aispec check` (bench:check), for
// one write. And a reader that goes away only ends the output: an EPIPE from Node's stream, which the eval's
// progress lines used, was an uncaught error that ended the run unsaved with exit 1, the code of a failed gate.
//
// A terminal (any character device: fstat is all that can tell without node:tty, which loads node:net)
// still gets Node's stream: on Windows it turns UTF-8 into the console's UTF-16, which a byte write would
// not. Node's stream writes to files synchronously, but to pipes asynchronously on POSIX (its "note on
// process I/O"), so a write through the stream could be overtaken by a later direct one: once a descriptor's
// output has gone through the stream, everything after it on that descriptor does too.
//  - A descriptor some other process made non-blocking can refuse a write (EAGAIN) when the pipe is full:
//    the rest goes through Node's stream, which waits for the pipe, and so does everything after it. So does
//    a write refused for any other reason than EPIPE.
//  - A reader that went away (EPIPE, `aispec check | head -1`) ends the output quietly, on a direct write as on
//    the stream: the command's exit code still says what the check found.
import { fstatSync, writeSync } from 'node:fs';

type Fd = 1 | 2;

/** Descriptors whose output now goes through Node's stream (a terminal, or a refused write). */
const throughStream = new Set<Fd>();
const closed = new Set<Fd>();

export function writeStdout(text: string): void {
  write(1, text);
}

export function writeStderr(text: string): void {
  write(2, text);
}

/** Whether standard output (1) or error (2) is a terminal: asks Node's stream only for a character device. */
export function isTerminal(fd: Fd): boolean {
  return characterDevice(fd) && streamOf(fd).isTTY === true;
}

/** Per descriptor, asked once: what it is connected to does not change while the command runs. */
const characterDevices = new Map<Fd, boolean>();

function characterDevice(fd: Fd): boolean {
  let known = characterDevices.get(fd);
  if (known === undefined) {
    try {
      known = fstatSync(fd).isCharacterDevice();
    } catch {
      known = true; // not known: Node's stream decides, as it did before
    }
    characterDevices.set(fd, known);
  }
  return known;
}

function write(fd: Fd, text: string): void {
  if (closed.has(fd) || text === '') return;
  if (throughStream.has(fd) || characterDevice(fd)) {
    handOver(fd).write(text);
    return;
  }
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EPIPE') {
        closed.add(fd);
      } else {
        // EAGAIN, or a descriptor this write cannot use (say, a pipe opened for overlapped I/O on Windows):
        // Node's stream writes the rest, and says what goes wrong as it always did.
        handOver(fd).write(bytes.subarray(offset));
      }
      return;
    }
  }
}

/**
 * The descriptor's stream, from now on the way its output goes. A reader that goes away while the stream
 * still has output to write fails it with EPIPE, which Node throws as an uncaught error when nothing listens:
 * here it ends the output quietly, as a direct write's EPIPE does. Any other error is thrown as Node would.
 */
function handOver(fd: Fd): NodeJS.WriteStream {
  const stream = streamOf(fd);
  if (!throughStream.has(fd)) {
    throughStream.add(fd);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      closed.add(fd);
    });
  }
  return stream;
}

function streamOf(fd: Fd): NodeJS.WriteStream {
  return fd === 1 ? process.stdout : process.stderr;
}
