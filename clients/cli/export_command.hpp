#pragma once
// `parley export SESSION --format json|csv|md`: the after-action record.

#include <string>
#include <vector>

namespace parley::cli {

int export_command(const std::vector<std::string>& args);

}  // namespace parley::cli
