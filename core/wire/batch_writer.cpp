#include "wire/batch_writer.hpp"

namespace parley::wire {
namespace pb = parley::v1;
namespace {

// Protobuf's wire format, as much of it as a batch needs.
enum WireType : std::uint32_t { kVarint = 0, kLength = 2 };

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void put_tag(std::string& out, std::uint32_t field, WireType type) { put_varint(out, (field << 3) | type); }

void put_uint(std::string& out, std::uint32_t field, std::uint64_t v) {
  put_tag(out, field, kVarint);
  put_varint(out, v);
}

// int32 and int64 are sign-extended to 64 bits on the wire.
void put_int(std::string& out, std::uint32_t field, std::int64_t v) { put_uint(out, field, static_cast<std::uint64_t>(v)); }

void put_bytes(std::string& out, std::uint32_t field, std::string_view bytes) {
  put_tag(out, field, kLength);
  put_varint(out, bytes.size());
  out.append(bytes);
}

constexpr std::uint32_t kEnvelopeBatch = pb::ServerEnvelope::kBatchFieldNumber;
constexpr std::uint32_t kBatchEvents = pb::EventBatch::kEventsFieldNumber;
constexpr std::uint32_t kBatchAcks = pb::EventBatch::kAcksFieldNumber;

}  // namespace

std::string event_core(const pb::Event& event) {
  pb::Event core = event;
  core.clear_at_ms();
  core.clear_round();
  core.clear_phase();
  core.clear_actor();
  core.clear_seat();
  return core.SerializeAsString();
}

namespace {

bool read_varint(std::string_view& in, std::uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
    auto byte = static_cast<std::uint8_t>(in.front());
    in.remove_prefix(1);
    v |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

// Moves `in` past one field's value of this wire type.
bool skip_value(std::string_view& in, std::uint32_t type) {
  std::uint64_t n = 0;
  switch (type) {
    case 0: return read_varint(in, n);
    case 1: n = 8; break;
    case 2:
      if (!read_varint(in, n)) return false;
      break;
    case 5: n = 4; break;
    default: return false;  // groups: not in our schema
  }
  if (n > in.size()) return false;
  in.remove_prefix(n);
  return true;
}

}  // namespace

std::optional<std::string> event_core(std::string_view serialized) {
  std::string core;
  core.reserve(serialized.size());
  std::string_view in = serialized;
  while (!in.empty()) {
    const char* field_start = in.data();
    std::uint64_t tag = 0;
    if (!read_varint(in, tag) || !skip_value(in, static_cast<std::uint32_t>(tag & 7))) return std::nullopt;
    auto field = tag >> 3;
    if (field >= pb::Event::kAtMsFieldNumber && field <= pb::Event::kSeatFieldNumber) continue;  // the header
    core.append(field_start, static_cast<std::size_t>(in.data() - field_start));
  }
  return core;
}

void BatchWriter::add_event(PackingContext& previous, std::uint64_t seq, const pb::Event& header, std::string_view core,
                            bool own_text) {
  const bool packed = previous.started;
  std::uint32_t packing = own_text ? pb::OWN_TEXT : pb::PACKING_NONE;
  event_.clear();
  if (packed) packing |= pb::RELATIVE_TIME;
  std::int64_t at = packed ? header.at_ms() - previous.at_ms : header.at_ms();
  if (at != 0) put_int(event_, pb::Event::kAtMsFieldNumber, at);
  if (packed && header.round() == previous.round) {
    packing |= pb::SAME_ROUND;
  } else if (header.round() != 0) {
    put_int(event_, pb::Event::kRoundFieldNumber, header.round());
  }
  if (packed && header.phase() == previous.phase) {
    packing |= pb::SAME_PHASE;
  } else if (!header.phase().empty()) {
    put_bytes(event_, pb::Event::kPhaseFieldNumber, header.phase());
  }
  if (packed && header.actor() == previous.actor && header.seat() == previous.seat) {
    packing |= pb::SAME_ACTOR;
  } else {
    if (!header.actor().empty()) put_bytes(event_, pb::Event::kActorFieldNumber, header.actor());
    if (header.seat() != 0) put_uint(event_, pb::Event::kSeatFieldNumber, header.seat());
  }
  event_.append(core);

  scratch_.clear();
  if (!packed || seq < previous.seq) {
    put_uint(scratch_, pb::EventEnvelope::kSeqFieldNumber, seq);
  } else if (seq != previous.seq + 1) {  // a role skips the events it may not see
    packing |= pb::RELATIVE_SEQ;
    put_uint(scratch_, pb::EventEnvelope::kSeqFieldNumber, seq - previous.seq);
  }
  put_bytes(scratch_, pb::EventEnvelope::kEventFieldNumber, event_);
  if (packing != pb::PACKING_NONE) put_uint(scratch_, pb::EventEnvelope::kPackingFieldNumber, packing);
  put_bytes(body_, kBatchEvents, scratch_);

  previous.follow(seq, header);
}

void BatchWriter::add_ack(const std::string& request_id, std::uint64_t seq, std::uint32_t events) {
  scratch_.clear();
  if (!request_id.empty()) put_bytes(scratch_, pb::Ack::kRequestIdFieldNumber, request_id);
  if (seq != 0) put_uint(scratch_, pb::Ack::kSeqFieldNumber, seq);
  if (events != 0) put_uint(scratch_, pb::Ack::kEventsFieldNumber, events);
  put_bytes(body_, kBatchAcks, scratch_);
}

std::string BatchWriter::finish() { return finish_field(kEnvelopeBatch); }

std::string BatchWriter::finish_field(std::uint32_t field) {
  std::string out;
  out.reserve(body_.size() + 6);
  put_bytes(out, field, body_);
  body_.clear();
  return out;
}

}  // namespace parley::wire
