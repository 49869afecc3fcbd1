#include "wire/codec.hpp"

#include <google/protobuf/util/json_util.h>

namespace parley::wire {
namespace pb = parley::v1;

Result<pb::ClientEnvelope> decode_client(std::string_view frame, bool text) {
  pb::ClientEnvelope envelope;
  if (text) {
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = false;
    auto status = google::protobuf::util::JsonStringToMessage(std::string(frame), &envelope, options);
    if (!status.ok()) return fail(ErrorCode::invalid, "invalid JSON envelope: " + std::string(status.message()));
  } else if (!envelope.ParseFromArray(frame.data(), static_cast<int>(frame.size()))) {
    return fail(ErrorCode::invalid, "invalid protobuf envelope: the frame is not a parley.v1.ClientEnvelope");
  }
  return envelope;
}

std::string encode_server(const pb::ServerEnvelope& envelope, bool text) {
  std::string out;
  if (text) {
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = false;  // canonical lowerCamelCase
    (void)google::protobuf::util::MessageToJsonString(envelope, &out, options);
  } else {
    envelope.SerializeToString(&out);
  }
  return out;
}

std::string command_name(const pb::Command& command) {
  const auto* field = pb::Command::descriptor()->FindFieldByNumber(command.kind_case());
  return field ? field->name() : "none";
}

pb::ServerEnvelope ack_envelope(const std::string& request_id, std::uint64_t seq, std::uint32_t events) {
  pb::ServerEnvelope env;
  env.mutable_ack()->set_request_id(request_id);
  env.mutable_ack()->set_seq(seq);
  env.mutable_ack()->set_events(events);
  return env;
}

pb::ServerEnvelope protocol_rejection(const std::string& request_id, pb::ProtocolError code, const std::string& message, bool retryable) {
  pb::ServerEnvelope env;
  auto* r = env.mutable_rejection();
  r->set_request_id(request_id);
  r->set_protocol(code);
  r->set_message(message);
  r->set_retryable(retryable);
  return env;
}

pb::ServerEnvelope rule_rejection(const std::string& request_id, pb::RejectionCode code, const std::string& message) {
  pb::ServerEnvelope env;
  auto* r = env.mutable_rejection();
  r->set_request_id(request_id);
  r->set_rule(code);
  r->set_message(message);
  return env;
}

pb::ServerEnvelope event_envelope(std::uint64_t seq, const pb::Event& event) {
  pb::ServerEnvelope env;
  env.mutable_event()->set_seq(seq);
  *env.mutable_event()->mutable_event() = event;
  return env;
}

}  // namespace parley::wire
