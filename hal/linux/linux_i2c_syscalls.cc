#include "hal/linux/linux_i2c_syscalls.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>

namespace kb::hal::linux_i2c {

namespace {

class KernelSysCalls final : public SysCalls {
 public:
  int open(const char* path, int flags) override { return ::open(path, flags); }
  int close(int fd) override { return ::close(fd); }
  int ioctl_rdwr(int fd, i2c_rdwr_ioctl_data* data) override { return ::ioctl(fd, I2C_RDWR, data); }
  int ioctl_funcs(int fd, unsigned long* funcs) override { return ::ioctl(fd, I2C_FUNCS, funcs); }
  int last_errno() const override { return errno; }
};

}  // namespace

SysCalls& real_syscalls() {
  static KernelSysCalls instance;
  return instance;
}

}  // namespace kb::hal::linux_i2c
