#pragma once
// `parley export SESSION --format html|md|json|csv`: the after-action review,
// computed by the server from the stored events, as one role saw it.

#include <string>
#include <vector>

namespace parley::cli {

int export_command(const std::vector<std::string>& args);

}  // namespace parley::cli
