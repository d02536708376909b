#include "simulator/files/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kb::sim::files {

namespace {

std::string holder_of(int fd) {
  char buf[256];
  ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  if (n <= 0) return "another process";
  std::string s(buf, static_cast<size_t>(n));
  while (!s.empty() && (s.back() == '\n' || s.back() == '\0')) s.pop_back();
  return s.empty() ? "another process" : s;
}

}  // namespace

FileLock::FileLock(const std::string& path, Wait wait, const std::string& who,
                   const std::function<void(const std::string&)>& waiting)
    : lock_path_(resolve_target(path) + ".lock") {
  fd_ = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd_ < 0) throw FileError(lock_path_ + ": cannot open the lock file: " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    if (err != EWOULDBLOCK) {
      ::close(fd_);
      throw FileError(lock_path_ + ": cannot lock: " + std::strerror(err));
    }
    std::string holder = holder_of(fd_);
    if (wait == Wait::kFailAtOnce) {
      ::close(fd_);
      throw FileError(path + ": in use by " + holder + " (lock " + lock_path_ + ")");
    }
    if (waiting) waiting(holder);
    while (::flock(fd_, LOCK_EX) != 0) {
      if (errno == EINTR) continue;
      err = errno;
      ::close(fd_);
      throw FileError(lock_path_ + ": cannot lock: " + std::strerror(err));
    }
  }
  // Who holds it, for the next process that has to wait. The lock file holds no data: a torn
  // write here only makes that message less precise.
  std::string line = "pid " + std::to_string(::getpid()) + ": " + who + "\n";
  if (::ftruncate(fd_, 0) == 0) {
    [[maybe_unused]] ssize_t n = ::pwrite(fd_, line.data(), line.size(), 0);
  }
}

FileLock::~FileLock() {
  if (fd_ < 0) return;
  // Cleared before release so a finished holder is not named; the file itself stays, since
  // removing a lock file races with a process that has just opened it.
  [[maybe_unused]] int rc = ::ftruncate(fd_, 0);
  ::flock(fd_, LOCK_UN);
  ::close(fd_);
}

}  // namespace kb::sim::files
