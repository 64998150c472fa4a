// Long CPU work (parsing, validating and hashing a 10 MB import) runs in slices so the server keeps
// answering other requests in between: a slice ends after `sliceMs`, then queued I/O callbacks run.

export type Pace = () => Promise<void>;

/** A function to call often during long work; it yields to the event loop once per `sliceMs`. */
export function eventLoopPacer(sliceMs = 10): Pace {
  let sliceStart = performance.now();
  return async () => {
    if (performance.now() - sliceStart < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  };
}

/** For work that must not yield (inside a transaction on the embedded database, for example). */
export const noPause: Pace = async () => {};
