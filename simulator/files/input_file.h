#pragma once
// Reads a file keybench was given (fixture, state, fault plan, report) with the checks a careless
// or hostile path needs: a FIFO, a device or a directory is refused by its type before anything
// blocks, and a file above the size limit is refused before it is read.
#include <cstddef>
#include <stdexcept>
#include <string>

namespace kb::sim::files {

// Every input keybench reads is small; 16 MiB is far above the largest state or report.
inline constexpr size_t kMaxInputBytes = size_t{16} << 20;

// A file that cannot be read, or is of the wrong type or size; the message names the path.
class InputError : public std::runtime_error {
 public:
  InputError(const std::string& path, std::string problem)
      : std::runtime_error(path + ": " + problem), problem_(std::move(problem)) {}
  // The problem alone: "is a directory, not a file", "cannot open: No such file or directory".
  const std::string& problem() const { return problem_; }

 private:
  std::string problem_;
};

std::string read_input_file(const std::string& path, size_t max_bytes = kMaxInputBytes);

}  // namespace kb::sim::files
