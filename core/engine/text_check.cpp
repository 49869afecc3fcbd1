#include "engine/text_check.hpp"

#include <vector>

namespace parley::engine {
namespace pbuf = google::protobuf;

std::size_t first_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    unsigned char c = s[i];
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
    }
    // Overlong forms, surrogates and code points past U+10FFFF.
    if (len == 2 && c < 0xC2) return i;
    if (len == 3 && ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] >= 0xA0))) return i;
    if (len == 4 && ((c == 0xF0 && s[i + 1] < 0x90) || c > 0xF4 || (c == 0xF4 && s[i + 1] >= 0x90))) return i;
    i += len;
  }
  return std::string_view::npos;
}

bool valid_utf8(const std::string& text) { return first_invalid_utf8(text) == std::string_view::npos; }

void check_utf8(const pbuf::Message& message, const SourceMap& at, const std::string& path, ScenarioProblems& out) {
  const auto* reflection = message.GetReflection();
  std::vector<const pbuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const auto* f : fields) {
    std::string field_path = (path.empty() ? "" : path + ".") + f->name();
    bool is_text = f->type() == pbuf::FieldDescriptor::TYPE_STRING;
    bool is_message = f->cpp_type() == pbuf::FieldDescriptor::CPPTYPE_MESSAGE;
    if (!is_text && !is_message) continue;
    int count = f->is_repeated() ? reflection->FieldSize(message, f) : 1;
    for (int i = 0; i < count; ++i) {
      int index = f->is_repeated() ? i : -1;
      std::string here = f->is_repeated() ? field_path + "[" + std::to_string(i) + "]" : field_path;
      if (is_text) {
        std::string scratch;
        const auto& text = f->is_repeated() ? reflection->GetRepeatedStringReference(message, f, i, &scratch)
                                            : reflection->GetStringReference(message, f, &scratch);
        if (!valid_utf8(text)) out.push_back({at.line(f->name(), index), here, "is not valid UTF-8 text"});
      } else {
        const auto& inner = f->is_repeated() ? reflection->GetRepeatedMessage(message, f, i) : reflection->GetMessage(message, f);
        check_utf8(inner, at.child(f->name(), index), here, out);
      }
    }
  }
}

}  // namespace parley::engine
