/**
 * What an AudioWorkletGlobalScope offers, typed for our two worklet modules (TypeScript's
 * DOM library does not describe that scope). Only types: nothing here runs on the page.
 */
export interface WorkletProcessor {
  readonly port: MessagePort;
  process(inputs: Float32Array[][], outputs: Float32Array[][], parameters: Record<string, Float32Array>): boolean;
}

export type WorkletScope = {
  AudioWorkletProcessor: new () => { readonly port: MessagePort };
  registerProcessor(name: string, ctor: new () => WorkletProcessor): void;
};

/** Processor names, shared by the modules and the page that creates their nodes. */
export const CAPTURE_PROCESSOR = 'veille-capture';
export const PLAYOUT_PROCESSOR = 'veille-playout';

/** Messages of the playout worklet's port. */
export type PlayoutCommand = { type: 'frame'; samples: Int16Array } | { type: 'clear' } | { type: 'port'; port: MessagePort };
export type PlayoutReport = { type: 'stats'; played: number; underruns: number; dropped: number; depth: number };
