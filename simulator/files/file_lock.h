#pragma once
// An exclusive lock that serialises every keybench process using one state file for the whole of
// a run: load, flow and save. The lock is on a file beside the state file ("s.json.lock"), never on
// the state file itself, because each save renames a new file over the old one.
#include <functional>
#include <string>

#include "simulator/files/atomic_file.h"

namespace kb::sim::files {

class FileLock {
 public:
  enum class Wait { kBlock, kFailAtOnce };

  // Locks the file guarding path (a symlink's target, so two names of one file share a lock).
  // When another process holds it: with kBlock, calls waiting(holder) once and blocks until it is
  // free; with kFailAtOnce, throws FileError naming the holder. holder is what the holding process
  // wrote about itself ("pid 4242: keybench run wrapped-cmac").
  FileLock(const std::string& path, Wait wait, const std::string& who,
           const std::function<void(const std::string& holder)>& waiting = {});
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

  const std::string& lock_path() const { return lock_path_; }

 private:
  int fd_ = -1;
  std::string lock_path_;
};

}  // namespace kb::sim::files
