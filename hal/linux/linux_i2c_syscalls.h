#pragma once
// The handful of system calls the i2c-dev backend makes. They sit behind an interface so the
// backend's message layout and error mapping can be tested without an adapter.
#include <linux/i2c-dev.h>  // I2C_RDWR, i2c_rdwr_ioctl_data
#include <linux/i2c.h>      // i2c_msg, I2C_M_RD

namespace kb::hal::linux_i2c {

class SysCalls {
 public:
  virtual ~SysCalls() = default;
  // Same contract as the POSIX calls: -1 on failure, the reason in last_errno().
  virtual int open(const char* path, int flags) = 0;
  virtual int close(int fd) = 0;
  // ioctl(fd, I2C_RDWR, data): the number of messages transferred, or -1 on failure.
  virtual int ioctl_rdwr(int fd, i2c_rdwr_ioctl_data* data) = 0;
  // ioctl(fd, I2C_FUNCS, funcs): 0 and the adapter's I2C_FUNC_* bits, or -1 (ENOTTY on a node
  // that is not an I2C adapter, such as /dev/null).
  virtual int ioctl_funcs(int fd, unsigned long* funcs) = 0;
  // errno as the previous failing call left it.
  virtual int last_errno() const = 0;
};

// The process-wide instance that forwards to the kernel.
SysCalls& real_syscalls();

}  // namespace kb::hal::linux_i2c
