#pragma once
// The one place a database exception becomes an error code: every storage
// function that catches one answers with db_error, so a caller can tell a
// database that is away (try again) from a request that broke a constraint.

#include <exception>
#include <string>

#include "common/result.hpp"

namespace parley::storage {

// "what failed: the database's first line", coded by the exception and its SQLSTATE:
// connection lost or the server shutting down or overloaded -> unavailable; a commit in
// doubt -> unknown_outcome; a unique or exclusion violation -> conflict; another integrity
// violation or bad data -> invalid; anything else -> failed.
Error db_error(const std::exception& e, const std::string& what);
ErrorCode db_error_code(const std::exception& e);
// The first line of a database error, for messages.
std::string db_error_line(const std::exception& e);

}  // namespace parley::storage
