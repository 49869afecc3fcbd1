#include "session/seat_codes.hpp"

#include <set>

#include "common/crypto.hpp"
#include "session/join_code.hpp"

namespace parley::app {
namespace pb = parley::v1;

void SeatCodes::remember(const std::vector<storage::Credential>& credentials) {
  std::lock_guard lock(mutex_);
  for (const auto& c : credentials) credentials_[c.token_hash] = c;
}

void SeatCodes::forget_session(const std::string& session_id) {
  std::lock_guard lock(mutex_);
  std::erase_if(credentials_, [&session_id](const auto& entry) { return entry.second.session_id == session_id; });
}

std::optional<CredentialInfo> SeatCodes::authenticate(const std::string& code) const {
  auto hash = crypto::sha256_raw(normalize_code(code));
  std::lock_guard lock(mutex_);
  auto it = credentials_.lower_bound(hash);
  // The map finds the candidate; the final comparison takes constant time.
  if (it == credentials_.end() || !crypto::constant_time_equal(it->first, hash)) return std::nullopt;
  return it->second;
}

void SeatCodes::lookup(const std::string& code, std::function<void(Result<std::optional<CredentialInfo>>)> done) {
  auto hash = crypto::sha256_raw(normalize_code(code));
  reader_.call("reading a credential", [hash](pqxx::connection& conn) { return storage::find_credential(conn, hash); },
               [this, done](Result<std::optional<storage::Credential>> found) {
                 if (found && found.value()) remember({*found.value()});
                 done(std::move(found));
               });
}

void SeatCodes::add_facilitator(const std::string& session_id, const engine::ScenarioIndex& index,
                                std::function<void(Result<SeatCode>)> done) {
  const auto& white = index.role(index.white_cell());
  // A token is stored under two hashes, its full and its short form.
  std::set<std::uint32_t> held;
  std::uint32_t hashes = 0;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [hash, c] : credentials_) {
      if (c.session_id != session_id || c.kind != storage::CredentialKind::facilitator) continue;
      held.insert(c.seat);
      ++hashes;
    }
  }
  std::uint32_t seat = 0;
  while (held.count(seat) && seat <= white.advisers()) ++seat;
  if (seat > white.advisers()) seat = (hashes / 2) % (white.advisers() + 1);
  store({"", session_id, storage::CredentialKind::facilitator, white.id(), seat}, std::move(done));
}

void SeatCodes::issue(const std::string& session_id, const engine::ScenarioIndex& index, const std::string& role, std::uint32_t seat,
                      std::function<void(Result<SeatCode>)> done) {
  auto r = index.role_index(role);
  if (!r) return done(fail(ErrorCode::invalid, "no role '" + role + "' in this session"));
  const auto& def = index.role(*r);
  if (def.kind() == pb::WHITE_CELL) return done(fail(ErrorCode::invalid, "white-cell tokens come from /facilitators"));
  if (seat > def.advisers()) return done(fail(ErrorCode::invalid, role + " has no seat " + std::to_string(seat)));
  store({"", session_id, def.kind() == pb::OBSERVER ? storage::CredentialKind::observer : storage::CredentialKind::seat, role, seat}, std::move(done));
}

void SeatCodes::store(storage::Credential credential, std::function<void(Result<SeatCode>)> done) {
  std::string code = crypto::random_hex(kCodeBytes);
  credential.token_hash = crypto::sha256_raw(code);
  auto spoken = credential;
  spoken.token_hash = crypto::sha256_raw(normalize_code(short_code(code)));
  auto write = [credential, spoken](pqxx::connection& conn) {
    auto s = storage::add_credential(conn, credential);
    return s ? storage::add_credential(conn, spoken) : s;
  };
  db_.call("storing the seat's code", write, [this, credential, spoken, code, done](Status stored) {
    if (!stored) return done(stored.error());
    remember({credential, spoken});
    done(SeatCode{credential.role, credential.seat, code});
  });
}

}  // namespace parley::app
