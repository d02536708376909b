#include "simulator/files/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kb::sim::files {

namespace {

[[noreturn]] void refuse(const std::string& path, const std::string& problem) {
  throw InputError(path, problem);
}

const char* type_name(mode_t mode) {
  if (S_ISDIR(mode)) return "is a directory, not a file";
  if (S_ISFIFO(mode)) return "is a FIFO, not a regular file";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "is a device, not a regular file";
  if (S_ISSOCK(mode)) return "is a socket, not a regular file";
  return "is not a regular file";
}

}  // namespace

std::string read_input_file(const std::string& path, size_t max_bytes) {
  if (path.empty()) throw InputError("\"\"", "input path is empty");
  // O_NONBLOCK: opening a FIFO with no writer must not hang; the type check below refuses it.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) refuse(path, std::string("cannot open: ") + std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st;
  if (::fstat(fd, &st) != 0) refuse(path, std::string("cannot read: ") + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) refuse(path, type_name(st.st_mode));
  if (static_cast<unsigned long long>(st.st_size) > max_bytes) {
    refuse(path, "is " + std::to_string(st.st_size) + " bytes, above the limit of " + std::to_string(max_bytes));
  }
  std::string bytes;
  bytes.reserve(static_cast<size_t>(st.st_size));
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      refuse(path, std::string("cannot read: ") + std::strerror(errno));
    }
    if (n == 0) break;
    // A file that grows while it is read is held to the same limit.
    if (bytes.size() + static_cast<size_t>(n) > max_bytes) {
      refuse(path, "is above the limit of " + std::to_string(max_bytes) + " bytes");
    }
    bytes.append(buf, static_cast<size_t>(n));
  }
  return bytes;
}

}  // namespace kb::sim::files
