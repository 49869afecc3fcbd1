#pragma once
// Maps fields of a parsed scenario back to their line in the file, so every
// validation problem can say where it is. Without a parse tree (a scenario
// built in code) every line is 0.

#include <google/protobuf/descriptor.h>
#include <google/protobuf/text_format.h>
#include <string>

namespace parley::engine {

class SourceMap {
 public:
  SourceMap(const google::protobuf::TextFormat::ParseInfoTree* tree, const google::protobuf::Descriptor* type,
            int line = 0)
      : tree_(tree), type_(type), line_(line) {}

  // 1-based line of a field (index for repeated fields), or this message's
  // own line when the field was not written in the file.
  int line(const std::string& field, int index = -1) const;
  int line() const { return line_; }
  SourceMap child(const std::string& field, int index = -1) const;

 private:
  const google::protobuf::FieldDescriptor* field(const std::string& name) const;

  const google::protobuf::TextFormat::ParseInfoTree* tree_;
  const google::protobuf::Descriptor* type_;
  int line_;
};

}  // namespace parley::engine
