#pragma once
// How a session's state is stored as a snapshot: its wire format, gzip-compressed. A long
// session's state is mostly message text, written every few thousand events, so compressing
// it keeps the snapshots table and the database connection's send buffer (which grows to the
// largest statement it has sent, and stays) a fraction of the state's size. Snapshots stored
// before compression (plain wire format) still read.

#include <string>

#include "common/result.hpp"
#include "engine/session.hpp"

namespace parley::app {

std::string encode_snapshot(const engine::Session& session);
// `what` names the snapshot in the error when its bytes do not decode.
Status decode_snapshot(const std::string& bytes, parley::v1::SessionState& out, const std::string& what);

}  // namespace parley::app
