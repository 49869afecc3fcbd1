#pragma once
// Expected failures travel as values: a Result holds either a value or an
// Error whose message is written for the person who will read it.

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace parley {

// What kind of failure, for code that must act differently on it (an HTTP
// status, a retry, a reconciliation); the message is for people.
enum class ErrorCode {
  failed,           // anything not named below: a defect
  invalid,          // the request or its arguments are wrong
  not_found,
  unavailable,      // try again later
  conflict,
  corrupt,          // stored data that does not read back
  unknown_outcome,  // a commit may or may not have happened
  fenced,           // another node owns the session now: this one must not write for it
  unauthorized,     // no credential, or one nobody issued
  forbidden,        // a credential that may not do this
  not_allowed,      // the method is not one the endpoint takes
  too_large,        // the body is over the limit
  unsupported,      // a body of a media type the endpoint does not read
  unusable,         // a scenario that does not validate (the problems are listed)
};

// Each code's name as API bodies carry it ("not_found"), and what it tells the person who
// asked, for clients to show beside the server's sentence. One table, read by both sides.
struct ErrorCodeInfo {
  ErrorCode code;
  const char* name;
  const char* meaning;
};
inline constexpr ErrorCodeInfo kErrorCodes[] = {
    {ErrorCode::failed, "failed", "the server could not do it; report it if it persists"},
    {ErrorCode::invalid, "invalid", "the request is wrong; correct it and send it again"},
    {ErrorCode::not_found, "not_found", "there is no such thing here"},
    {ErrorCode::unavailable, "unavailable", "the server or its database is busy or away; try again shortly"},
    {ErrorCode::conflict, "conflict", "it clashes with the current state; reload and decide again"},
    {ErrorCode::corrupt, "corrupt", "stored data is damaged; an operator must look at it"},
    {ErrorCode::unknown_outcome, "unknown_outcome", "it may or may not have been stored; send it again with the same request id"},
    {ErrorCode::fenced, "fenced", "another server now holds this session; reconnect"},
    {ErrorCode::unauthorized, "unauthorized", "a token or code is missing or unknown"},
    {ErrorCode::forbidden, "forbidden", "this token or code may not do that"},
    {ErrorCode::not_allowed, "not_allowed", "this address does not take that method"},
    {ErrorCode::too_large, "too_large", "the body is over the size limit"},
    {ErrorCode::unsupported, "unsupported", "the body's content type is not one this address reads"},
    {ErrorCode::unusable, "unusable", "the scenario does not validate; see its problems"},
};
inline const ErrorCodeInfo& error_code_info(ErrorCode code) {
  for (const auto& info : kErrorCodes) {
    if (info.code == code) return info;
  }
  return kErrorCodes[0];
}
inline const char* code_name(ErrorCode code) { return error_code_info(code).name; }
// The meaning of a code's name; nullptr for a name no server sends.
inline const char* code_meaning(std::string_view name) {
  for (const auto& info : kErrorCodes) {
    if (name == info.name) return info.meaning;
  }
  return nullptr;
}

struct Error {
  std::string message;
  ErrorCode code = ErrorCode::failed;
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result of an operation that produces nothing but may fail.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error.message)), code_(error.code), failed_(true) {}
  static Status success() { return {}; }

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  Error error() const { return {error_, code_}; }

 private:
  std::string error_;
  ErrorCode code_ = ErrorCode::failed;
  bool failed_ = false;
};

inline Error fail(ErrorCode code, std::string message) { return Error{std::move(message), code}; }

}  // namespace parley
