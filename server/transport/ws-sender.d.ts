import 'ws';

declare module 'ws' {
  /** ws builds frames with this; it is in ws's own exports but not in @types/ws. */
  export const Sender: {
    frame(data: Buffer, options: { readOnly: boolean; mask: boolean; rsv1: boolean; opcode: number; fin: boolean }): Buffer[];
  };
}
