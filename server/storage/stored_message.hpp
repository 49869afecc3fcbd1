#pragma once
// Stored bytes that do not parse are corruption: named, never read as an
// empty message. Shared by everything that reads protobufs back from storage.

#include <google/protobuf/message.h>
#include <string>

#include "common/result.hpp"

namespace parley::app {

inline Status parse_stored(google::protobuf::Message& out, const std::string& bytes, const std::string& what) {
  if (out.ParseFromString(bytes)) return {};
  return fail(ErrorCode::corrupt, what + " is corrupt: its stored bytes do not parse as " + out.GetDescriptor()->full_name());
}

// The same, naming what was read only when it fails (a replay reads many).
template <class Name>
Status parse_stored_as(google::protobuf::Message& out, const std::string& bytes, Name&& name) {
  if (out.ParseFromString(bytes)) return {};
  return parse_stored(out, bytes, name());
}

}  // namespace parley::app
