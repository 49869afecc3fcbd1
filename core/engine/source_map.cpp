#include "engine/source_map.hpp"

namespace parley::engine {

const google::protobuf::FieldDescriptor* SourceMap::field(const std::string& name) const {
  return type_ ? type_->FindFieldByName(name) : nullptr;
}

int SourceMap::line(const std::string& name, int index) const {
  const auto* f = field(name);
  if (tree_ == nullptr || f == nullptr) return line_;
  // The parse tree wants -1 for singular fields and a real index for repeated ones.
  if (!f->is_repeated()) index = -1;
  else if (index < 0) index = 0;
  auto loc = tree_->GetLocation(f, index);
  // List syntax ("field: [a, b]") records one location, for the first value.
  if (loc.line < 0 && index > 0) loc = tree_->GetLocation(f, 0);
  return loc.line >= 0 ? loc.line + 1 : line_;
}

SourceMap SourceMap::child(const std::string& name, int index) const {
  const auto* f = field(name);
  if (f == nullptr || f->message_type() == nullptr) return {nullptr, nullptr, line_};
  if (!f->is_repeated()) index = -1;
  else if (index < 0) index = 0;
  const auto* nested = tree_ ? tree_->GetTreeForNested(f, index) : nullptr;
  return {nested, f->message_type(), line(name, index)};
}

}  // namespace parley::engine
