import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Worker } from 'node:worker_threads';

/** The worker's code: applies the parts in order to a fresh GC'd Y.Doc and answers with its state. */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const Y = require(${JSON.stringify(require.resolve('yjs'))});
parentPort.on('message', ({ id, data, lengths }) => {
  const doc = new Y.Doc({ gc: true });
  try {
    let offset = 0;
    for (const length of lengths) {
      Y.applyUpdate(doc, data.subarray(offset, offset + length));
      offset += length;
    }
    const state = Y.encodeStateAsUpdate(doc);
    parentPort.postMessage({ id, state }, [state.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  } finally {
    doc.destroy();
  }
});
`;

interface Job {
  resolve(state: Uint8Array): void;
  reject(error: Error): void;
}

/**
 * Folds a document's stored parts (snapshot, then updates) into one state update on a worker thread.
 * Folding a busy document takes tens to hundreds of milliseconds of CPU; on the event loop it would hold
 * up every live delivery of every document each time a compaction runs. A part that does not apply fails
 * the fold, so the caller never saves over data it could not load.
 */
@Injectable()
export class DocFolder implements OnModuleDestroy {
  private worker: Worker | null = null;
  private readonly jobs = new Map<number, Job>();
  private nextId = 0;

  fold(parts: Uint8Array[]): Promise<Uint8Array> {
    // One buffer of our own, moved to the worker: the parts may be views into pooled buffers.
    const lengths = parts.map((part) => part.byteLength);
    const data = new Uint8Array(lengths.reduce((sum, length) => sum + length, 0));
    let offset = 0;
    for (const part of parts) {
      data.set(part, offset);
      offset += part.byteLength;
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
      this.start().postMessage({ id, data, lengths }, [data.buffer]);
    });
  }

  async onModuleDestroy(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
    this.failAll(new Error('the server is shutting down'));
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    // An idle folder never keeps the process alive; a fold in progress is awaited by its transaction.
    worker.unref();
    worker.on('message', (answer: { id: number; state?: Uint8Array; error?: string }) => {
      const job = this.jobs.get(answer.id);
      this.jobs.delete(answer.id);
      if (!job) return;
      if (answer.state) job.resolve(answer.state);
      else job.reject(new Error(answer.error ?? 'the fold failed'));
    });
    const lost = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      this.failAll(error);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the fold worker exited with ${code}`)));
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const job of this.jobs.values()) job.reject(error);
    this.jobs.clear();
  }
}
