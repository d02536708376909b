#pragma once
// The one way keybench writes a file: a unique temporary beside the target, written, flushed and
// fsynced, renamed over the target, then the directory fsynced. A reader sees the old file or the
// new one, never a mix; on any failure the old file is untouched and no temporary is left.
#include <stdexcept>
#include <string>
#include <string_view>

namespace kb::sim::files {

// An I/O failure, naming the path and the OS error ("s.json: cannot write: No space left on device").
class FileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Privacy {
  kShared,   // a new file gets 0666 less the umask (reports, traces)
  kPrivate,  // a new file gets 0600 (state files hold keys)
};

// Replaces path with bytes. An existing file keeps its mode; a symlink is followed and its target
// replaced, so the link stays a link. A file with several hard links is refused (a rename would
// split them). Throws FileError.
void write_file_atomically(const std::string& path, std::string_view bytes, Privacy privacy);

// Checks, before any work starts, that write_file_atomically(path, ...) can succeed: the path is
// not empty, not a directory, its directory exists and accepts new files, an existing file is a
// regular file with one link. Throws FileError naming the problem and the OS error.
void check_writable(const std::string& path);

// The path write_file_atomically would replace: path itself, or a symlink's final target.
std::string resolve_target(const std::string& path);

}  // namespace kb::sim::files
