#pragma once
// Why a command was refused: a typed code for programs and a sentence for
// people. A rejected command produces no event and changes nothing.

#include <string>

#include "parley/v1/engine.pb.h"

namespace parley::engine {

struct Rejection {
  parley::v1::RejectionCode code = parley::v1::REJECTION_CODE_UNSPECIFIED;
  std::string message;
};

}  // namespace parley::engine
