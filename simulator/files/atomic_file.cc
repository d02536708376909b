#include "simulator/files/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

namespace kb::sim::files {

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what, int err) {
  throw FileError(path + ": " + what + ": " + std::strerror(err));
}

std::string directory_of(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

// Closes and unlinks the temporary unless released: every early exit leaves nothing behind.
class Temporary {
 public:
  Temporary(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~Temporary() {
    if (fd_ >= 0) ::close(fd_);
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  Temporary(const Temporary&) = delete;
  Temporary& operator=(const Temporary&) = delete;
  int fd() const { return fd_; }
  const std::string& path() const { return path_; }
  int close() {
    int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }
  void release() { path_.clear(); }

 private:
  int fd_;
  std::string path_;
};

void write_all(int fd, std::string_view bytes, const std::string& path) {
  const char* p = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(path, "cannot write", errno);
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
}

void sync_directory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // the rename is done; a directory that cannot be opened cannot be synced
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

std::string resolve_target(const std::string& path) {
  std::string current = path;
  // Follows links one at a time (a link may point at a file not yet created, which realpath refuses).
  for (int hops = 0; hops < 40; ++hops) {
    struct stat st;
    if (::lstat(current.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return current;
    std::vector<char> buf(static_cast<size_t>(st.st_size > 0 ? st.st_size : PATH_MAX) + 1);
    ssize_t n = ::readlink(current.c_str(), buf.data(), buf.size() - 1);
    if (n < 0) fail(current, "cannot read the link", errno);
    std::filesystem::path link(std::string(buf.data(), static_cast<size_t>(n)));
    current = link.is_absolute() ? link.string() : (std::filesystem::path(directory_of(current)) / link).string();
  }
  throw FileError(path + ": too many levels of symbolic links");
}

void check_writable(const std::string& path) {
  if (path.empty()) throw FileError("output path is empty");
  const std::string target = resolve_target(path);
  struct stat st;
  if (::stat(target.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) throw FileError(path + ": is a directory, not a file");
    if (!S_ISREG(st.st_mode)) throw FileError(path + ": not a regular file");
  } else if (errno != ENOENT) {
    fail(path, "cannot use", errno);
  }
  const std::string dir = directory_of(target);
  struct stat dst;
  if (::stat(dir.c_str(), &dst) != 0) fail(path, "cannot write into " + dir, errno);
  if (!S_ISDIR(dst.st_mode)) throw FileError(path + ": " + dir + " is not a directory");
  if (::access(dir.c_str(), W_OK | X_OK) != 0) fail(path, "cannot create files in " + dir, errno);
}

void write_file_atomically(const std::string& path, std::string_view bytes, Privacy privacy) {
  if (path.empty()) throw FileError("output path is empty");
  const std::string target = resolve_target(path);
  const std::string dir = directory_of(target);

  struct stat st;
  bool exists = ::stat(target.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) throw FileError(path + ": is a directory, not a file");
  if (exists && !S_ISREG(st.st_mode)) throw FileError(path + ": not a regular file");

  std::string name = std::filesystem::path(target).filename().string();
  std::string templ = (std::filesystem::path(dir) / ("." + name + ".XXXXXX")).string();
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  int fd = ::mkstemp(buf.data());  // O_EXCL, mode 0600
  if (fd < 0) fail(path, "cannot create a temporary file in " + dir, errno);
  Temporary tmp(fd, buf.data());

  mode_t mode = 0600;
  if (exists) {
    mode = st.st_mode & 07777;
  } else if (privacy == Privacy::kShared) {
    mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  if (::fchmod(tmp.fd(), mode) != 0) fail(path, "cannot set the mode of the temporary file", errno);
  // Keep the owner of an existing file when allowed (root editing a user's state file); a failure
  // here is not an error, as an unprivileged user cannot give files away.
  if (exists && (st.st_uid != ::geteuid() || st.st_gid != ::getegid())) {
    [[maybe_unused]] int ignored = ::fchown(tmp.fd(), st.st_uid, st.st_gid);
  }

  write_all(tmp.fd(), bytes, path);
  if (::fsync(tmp.fd()) != 0) fail(path, "cannot sync", errno);
  if (tmp.close() != 0) fail(path, "cannot write", errno);
  if (::rename(tmp.path().c_str(), target.c_str()) != 0) fail(path, "cannot replace", errno);
  tmp.release();
  sync_directory(dir);
}

}  // namespace kb::sim::files
