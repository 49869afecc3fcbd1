// Client frames: whatever bytes arrive, decoding gives an envelope or an
// error that says what was wrong, never a crash; a decoded envelope survives
// a round trip through binary, and through JSON.

#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <google/protobuf/util/json_util.h>
#include <string_view>

#include "engine/session.hpp"
#include "fuzz_support.hpp"
#include "wire/codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  bool text = (data[0] & 1) != 0;  // the first byte picks the frame kind, as a WebSocket opcode would
  std::string_view frame(reinterpret_cast<const char*>(data + 1), size - 1);
  auto decoded = parley::wire::decode_client(frame, text);
  if (!decoded) {
    parley::fuzz::require(!decoded.error().message.empty(), "a refused frame without a reason");
    return 0;
  }
  // What decodes as one form decodes the same from the other.
  std::string binary = decoded.value().SerializeAsString();
  auto again = parley::wire::decode_client(binary, false);
  parley::fuzz::require(again.ok(), "a decoded envelope does not decode after serializing: " + (again ? "" : again.error().message));
  // Compared in deterministic form: map entries serialize in any order otherwise.
  parley::fuzz::require(parley::engine::serialize_deterministic(again.value()) == parley::engine::serialize_deterministic(decoded.value()),
                        "a binary round trip changed the envelope");
  // And through JSON, the text form (which has no place for fields this server does not know).
  auto known = decoded.value();
  known.DiscardUnknownFields();
  std::string text_form;
  parley::fuzz::require(google::protobuf::util::MessageToJsonString(known, &text_form).ok(), "a decoded envelope does not print as JSON");
  auto from_text = parley::wire::decode_client(text_form, true);
  parley::fuzz::require(from_text.ok(), "a printed envelope does not decode as JSON: " + (from_text ? "" : from_text.error().message));
  // Compared as JSON values: JSON has one NaN (binary doubles carry NaN
  // payloads), and maps print in no fixed order.
  std::string again_text;
  (void)google::protobuf::util::MessageToJsonString(from_text.value(), &again_text);
  parley::fuzz::require(boost::json::parse(again_text) == boost::json::parse(text_form),
                        "a JSON round trip changed the envelope: " + text_form + " became " + again_text);
  return 0;
}
