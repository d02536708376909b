#include "simulator/files/atomic_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
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

// A directory, a device, or a file with other hard links: replacing it by rename would destroy
// it or leave the other names holding the old content.
void refuse_unreplaceable(const std::string& path, const struct stat& st) {
  if (S_ISDIR(st.st_mode)) throw FileError(path + ": is a directory, not a file");
  if (!S_ISREG(st.st_mode)) throw FileError(path + ": not a regular file");
  if (st.st_nlink > 1) {
    throw FileError(path + ": has " + std::to_string(st.st_nlink) +
                    " hard links; an atomic replace would leave the other names with the old content "
                    "(use a symbolic link instead)");
  }
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
  // Links an unnamed (O_TMPFILE) temporary into the directory under a fresh name stem + 6 chars.
  void name_it(const std::string& stem, const std::string& target_for_errors) {
    const std::string proc = "/proc/self/fd/" + std::to_string(fd_);
    std::random_device seed;
    for (int attempt = 0; attempt < 100; ++attempt) {
      std::string candidate = stem;
      uint32_t r = seed();
      for (int i = 0; i < 6; ++i, r /= 36) candidate += "0123456789abcdefghijklmnopqrstuvwxyz"[r % 36];
      if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, candidate.c_str(), AT_SYMLINK_FOLLOW) == 0) {
        path_ = candidate;
        return;
      }
      if (errno != EEXIST) fail(target_for_errors, "cannot name the temporary file", errno);
    }
    throw FileError(target_for_errors + ": cannot name the temporary file: every name tried exists");
  }

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

// Holds back the signals a user sends to stop a run (^C, kill, a closed terminal) while the
// temporary exists, so they take effect after the rename or the cleanup and never leave a
// temporary behind. Only SIGKILL can, and it leaves the old file whole (and a temporary that the
// next write removes, remove_stale_temporaries).
class DeferStopSignals {
 public:
  DeferStopSignals() {
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    sigaddset(&stop, SIGQUIT);
    pthread_sigmask(SIG_BLOCK, &stop, &old_);
  }
  ~DeferStopSignals() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
  DeferStopSignals(const DeferStopSignals&) = delete;
  DeferStopSignals& operator=(const DeferStopSignals&) = delete;

 private:
  sigset_t old_;
};

// The characters of a temporary's last 6: name_it's and mkstemp's (the fallback without O_TMPFILE).
constexpr const char* kTemporaryNameChars = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

// Temporaries are named `.<file>.<pid>.<6 chars>`. Only SIGKILL (or a crash) leaves one: in the
// instant between link and rename, or anywhere in a write without O_TMPFILE. The next write of
// the same file removes those whose writer no longer exists; a temporary of a live writer, or of
// another user, is left alone.
void remove_stale_temporaries(const std::string& dir, const std::string& hidden_name) {
  std::error_code error;  // a folder that cannot be listed is left as it is
  for (std::filesystem::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    const std::filesystem::directory_entry& entry = *it;
    const std::string name = entry.path().filename().string();
    if (name.size() <= hidden_name.size() + 7 || name.compare(0, hidden_name.size(), hidden_name) != 0) continue;
    const std::string rest = name.substr(hidden_name.size());
    const size_t dot = rest.find('.');
    if (dot == 0 || dot == std::string::npos || rest.size() - dot - 1 != 6 ||
        rest.find_first_not_of("0123456789") != dot ||
        rest.find_first_not_of(kTemporaryNameChars, dot + 1) != std::string::npos) {
      continue;
    }
    const long pid = std::strtol(rest.substr(0, dot).c_str(), nullptr, 10);
    if (pid <= 0 || pid == ::getpid() || ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
    struct stat st;
    if (::lstat(entry.path().c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid()) continue;
    ::unlink(entry.path().c_str());
  }
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
    refuse_unreplaceable(path, st);
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
  if (exists) refuse_unreplaceable(path, st);

  // Built by appending: GCC 12 at -O3 reports a false -Wrestrict for "." + std::string(...).
  std::string hidden_name(1, '.');
  hidden_name += std::filesystem::path(target).filename().string();
  hidden_name += '.';
  remove_stale_temporaries(dir, hidden_name);
  const std::string stem = (std::filesystem::path(dir) / hidden_name).string() + std::to_string(::getpid()) + '.';
  DeferStopSignals defer;  // declared before the temporary: released after its cleanup
  // An unnamed file first (O_TMPFILE): a process killed while writing it leaves nothing in the
  // directory. It gets a name only for the instant between link and rename. Filesystems without
  // O_TMPFILE, or no /proc to link through, get a named temporary from the start.
  int fd = ::access("/proc/self/fd", X_OK) == 0 ? ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600) : -1;
  const bool unnamed = fd >= 0;
  std::string named;
  if (!unnamed) {
    std::string templ = stem + "XXXXXX";
    std::vector<char> buf(templ.begin(), templ.end());
    buf.push_back('\0');
    fd = ::mkstemp(buf.data());  // O_EXCL, mode 0600
    if (fd < 0) fail(path, "cannot create a temporary file in " + dir, errno);
    named = buf.data();
  }
  Temporary tmp(fd, named);

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
  if (unnamed) tmp.name_it(stem, path);
  if (tmp.close() != 0) fail(path, "cannot write", errno);
  if (::rename(tmp.path().c_str(), target.c_str()) != 0) fail(path, "cannot replace", errno);
  tmp.release();
  sync_directory(dir);
}

}  // namespace kb::sim::files
