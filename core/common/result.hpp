#pragma once
// Expected failures travel as values: a Result holds either a value or an
// Error whose message is written for the person who will read it.

#include <string>
#include <utility>
#include <variant>

namespace parley {

// What kind of failure, for code that must act differently on it (an HTTP
// status, a retry, a reconciliation); the message is for people.
enum class ErrorCode {
  failed,           // anything not named below
  invalid,          // the request or its arguments are wrong
  not_found,
  unavailable,      // try again later
  conflict,
  corrupt,          // stored data that does not read back
  unknown_outcome,  // a commit may or may not have happened
  fenced,           // another node owns the session now: this one must not write for it
};

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

inline Error fail(std::string message) { return Error{std::move(message)}; }
inline Error fail(ErrorCode code, std::string message) { return Error{std::move(message), code}; }

}  // namespace parley
