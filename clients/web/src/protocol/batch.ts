// How the page reads an event batch (docs/protocol.md): its events in order, each with the
// header fields packing left out restored from the event before it, then its acks.
import { type Ack, type EventBatch, type EventEnvelope, EventPacking, clone, EventEnvelopeSchema } from "./schema";

export interface Unpacked {
  events: EventEnvelope[];
  acks: Ack[];
}

export function unpackBatch(batch: EventBatch): Unpacked {
  const events: EventEnvelope[] = [];
  let previous: EventEnvelope | undefined;
  let seq = 0n;
  for (const entry of batch.events) {
    const out = clone(EventEnvelopeSchema, entry);
    seq = entry.seq !== 0n ? entry.seq : seq + 1n;
    out.seq = seq;
    out.packing = 0;
    const e = out.event;
    const before = previous?.event;
    if (e && before) {
      if (entry.packing & EventPacking.RELATIVE_TIME) e.atMs += before.atMs;
      if (entry.packing & EventPacking.SAME_ROUND) e.round = before.round;
      if (entry.packing & EventPacking.SAME_PHASE) e.phase = before.phase;
      if (entry.packing & EventPacking.SAME_ACTOR) {
        e.actor = before.actor;
        e.seat = before.seat;
      }
    }
    events.push(out);
    previous = out;
  }
  return { events, acks: batch.acks };
}
