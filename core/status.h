#pragma once
// Errors are values. A Status names what went wrong; for a device's own refusal it also carries
// the status byte the device answered, so "access condition not satisfied" is not flattened to
// "failed".
#include <cstddef>
#include <cstdint>
#include <new>
#include <type_traits>
#include <utility>

namespace kb::core {

enum class Code : uint8_t {
  kOk = 0,
  kInvalidArgument,    // the caller passed something the API cannot send
  kBufferTooSmall,     // an output buffer cannot hold the answer
  kBusAddressNack,     // the device never acknowledged its address (absent, or busy past the retry budget)
  kBusDataNack,        // the device stopped acknowledging mid-write
  kBusError,           // the bus itself failed
  kBusTimeout,         // a transfer timed out on the bus
  kResponseCrc,        // the response's CRC does not match its bytes
  kResponseTruncated,  // fewer bytes than the response announced or the command needs
  kResponseOversize,   // the response announces more than the protocol allows
  kResponseMalformed,  // the response's fields are inconsistent
  kResponseMac,        // the response's MAC does not verify
  kDeviceStatus,       // the device answered with an error status (see device_status())
  kNotProvisioned,     // a precondition on the device is missing (for example no host key)
  kRefused,            // the flow decided not to go on (control fields forbid it)
  kCrypto,             // the platform's cryptography failed
  kUnsupported,
  kWakeFailed,     // the device did not answer a wake pulse with its wake token
  kDeviceTimeout,  // the device stayed busy (or silent) past the host's polling ceiling
  // Refused before anything is sent, each naming what the request and the device disagree on:
  kFrameLimit,         // the data would not fit one command frame under the command's protection
                       // (detail(): the most bytes that fit)
  kTagLengthMismatch,  // the tag length is not the one of the slot's key (detail(): the key's)
  kMacLengthRefused,   // a MAC length the slot's key does not take (detail(): the key's minimum)
  kKeyModeMismatch,    // the slot holds no key of the mode of operation the command needs
  // A result the application checked does not hold: a signature that does not verify, shared
  // secrets that differ, data read back that is not what was written.
  kCheckFailed,
  // Another initiator won the bus (where the transport retries: on every attempt of its budget).
  kBusArbitrationLost,
};

// Which device family a device status byte belongs to, so its name can be looked up.
enum class Domain : uint8_t { kNone = 0, kStsafe, kAtecc, kNrf };

class [[nodiscard]] Status {
 public:
  constexpr Status() = default;
  constexpr Status(Code code) : code_(code) {}  // NOLINT: implicit by design, `return Code::kX;`
  static constexpr Status device(Domain domain, uint8_t status) { return Status(Code::kDeviceStatus, domain, status); }
  // A code with a number that completes its message (the limit of kFrameLimit, the key's tag
  // length of kTagLengthMismatch, the key's minimum of kMacLengthRefused).
  static constexpr Status with_detail(Code code, uint16_t detail) {
    Status s(code);
    s.detail_ = detail;
    return s;
  }

  constexpr bool ok() const { return code_ == Code::kOk; }
  constexpr Code code() const { return code_; }
  constexpr Domain domain() const { return domain_; }
  constexpr uint8_t device_status() const { return device_status_; }
  constexpr uint16_t detail() const { return detail_; }
  constexpr bool operator==(const Status& o) const {
    return code_ == o.code_ && domain_ == o.domain_ && device_status_ == o.device_status_ && detail_ == o.detail_;
  }

  // Writes e.g. "device status 0x11 (access condition not satisfied)" or "data over the frame
  // limit: at most 716 bytes fit with this command's protection" into out; returns out.
  const char* describe(char* out, size_t out_len) const;

 private:
  constexpr Status(Code code, Domain domain, uint8_t status) : code_(code), domain_(domain), device_status_(status) {}
  Code code_ = Code::kOk;
  Domain domain_ = Domain::kNone;
  uint8_t device_status_ = 0;
  uint16_t detail_ = 0;
};

const char* code_name(Code code);
// Names a device status byte of a family; "unknown" when not assigned.
const char* device_status_name(Domain domain, uint8_t status);

// A value or the Status that prevented it. No exceptions, no heap.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(const T& value) : has_(true) { new (&storage_) T(value); }        // NOLINT
  Result(T&& value) : has_(true) { new (&storage_) T(std::move(value)); }  // NOLINT
  Result(Status status) : status_(status) {}                               // NOLINT
  Result(Code code) : status_(code) {}                                     // NOLINT
  Result(const Result& o) : status_(o.status_), has_(o.has_) {
    if (has_) new (&storage_) T(*o.ptr());
  }
  Result& operator=(const Result& o) {
    if (this != &o) {
      reset();
      status_ = o.status_;
      has_ = o.has_;
      if (has_) new (&storage_) T(*o.ptr());
    }
    return *this;
  }
  ~Result() { reset(); }

  bool ok() const { return has_; }
  Status status() const { return status_; }
  T& value() { return *ptr(); }
  const T& value() const { return *ptr(); }
  T* operator->() { return ptr(); }
  const T* operator->() const { return ptr(); }
  T& operator*() { return *ptr(); }
  const T& operator*() const { return *ptr(); }

 private:
  T* ptr() { return std::launder(static_cast<T*>(static_cast<void*>(&storage_))); }
  const T* ptr() const { return std::launder(static_cast<const T*>(static_cast<const void*>(&storage_))); }
  void reset() {
    if (has_) ptr()->~T();
    has_ = false;
  }
  alignas(T) unsigned char storage_[sizeof(T)];
  Status status_;
  bool has_ = false;
};

}  // namespace kb::core

// Propagates a failed Status out of the calling function.
#define KB_TRY(expr)                                 \
  do {                                               \
    ::kb::core::Status kb_try_status_ = (expr);      \
    if (!kb_try_status_.ok()) return kb_try_status_; \
  } while (0)
