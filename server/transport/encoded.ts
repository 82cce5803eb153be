import { Sender } from 'ws';
import type { BugdayServer, BugdaySocket } from '../context.ts';

/** Socket.IO's packet type for an event without an acknowledgement. */
const EVENT = 2;

/**
 * A message encoded once and written as is to as many connections as need
 * it: the Socket.IO packet, and the WebSocket frame around it, so ten
 * thousand pages cost ten thousand writes of one shared buffer instead of ten
 * thousand JSON.stringify calls and frame copies. This is what Socket.IO's
 * own broadcast does; we do it ourselves to write in slices and to reuse one
 * encoding across connects.
 */
export interface Encoded {
  readonly packets: unknown[];
  readonly options: { preEncoded: true; wsPreEncodedFrame?: unknown };
}

export function encode(io: BugdayServer, name: string, payload: unknown): Encoded {
  const packets = io.encoder.encode({ type: EVENT, nsp: '/', data: [name, payload] }) as unknown[];
  const [text] = packets;
  if (packets.length !== 1 || typeof text !== 'string') return { packets, options: { preEncoded: true } };
  // "4" is Engine.IO's "message" packet type; the frame is unmasked text, as a server sends.
  const data = Buffer.from(`4${text}`);
  const wsPreEncodedFrame = Sender.frame(data, { readOnly: false, mask: false, rsv1: false, opcode: 1, fin: true });
  return { packets, options: { preEncoded: true, wsPreEncodedFrame } };
}

/**
 * A message whose payload is JSON already (built from parts that are cached
 * apart), as Socket.IO's parser would encode it: the packet type, then the
 * event name and payload as one JSON array. For one connection: no frame is
 * made ahead.
 */
export function encodeJson(name: string, payloadJson: string): Encoded {
  return { packets: [`${EVENT}[${JSON.stringify(name)},${payloadJson}]`], options: { preEncoded: true } };
}

/** Writes an encoded message to one connection (polling connections take the packet, WebSockets the frame). */
export function write(socket: BugdaySocket, message: Encoded) {
  socket.client._packet(message.packets as never, message.options);
}
