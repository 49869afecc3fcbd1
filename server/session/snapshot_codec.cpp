#include "session/snapshot_codec.hpp"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/gzip_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

namespace parley::app {
namespace io = google::protobuf::io;

namespace {
// gzip's magic: never the first byte of a SessionState (0x1f would be field 3 of wire type 7).
bool gzipped(const std::string& bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f && static_cast<unsigned char>(bytes[1]) == 0x8b;
}
}  // namespace

std::string encode_snapshot(const engine::Session& session) {
  std::string out;
  {
    io::StringOutputStream sink(&out);
    io::GzipOutputStream::Options options;
    options.compression_level = 1;  // on the session's strand: fast beats small
    io::GzipOutputStream gzip(&sink, options);
    {
      io::CodedOutputStream coded(&gzip);
      session.write(coded);
    }
    gzip.Close();
  }
  return out;
}

Status decode_snapshot(const std::string& bytes, parley::v1::SessionState& out, const std::string& what) {
  bool parsed = false;
  if (gzipped(bytes)) {
    io::ArrayInputStream source(bytes.data(), static_cast<int>(bytes.size()));
    io::GzipInputStream gzip(&source, io::GzipInputStream::GZIP);
    parsed = out.ParseFromZeroCopyStream(&gzip);
  } else {
    parsed = out.ParseFromString(bytes);
  }
  if (parsed) return {};
  return fail(ErrorCode::corrupt, what + " is corrupt: its stored bytes do not decode as a session state");
}

}  // namespace parley::app
