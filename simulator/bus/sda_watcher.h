#pragma once
// A device that watches the SDA line itself, whoever the traffic is for (the ATECC608A wakes on a
// long low level). On the RTL bus it is told every change of the resolved line as it happens
// (rtl::add_sda_watcher); on the transaction level a device feeds it from each transaction's
// wire view (sda_low_runs), once the transaction has ended.
#include "simulator/time/scheduler.h"

namespace kb::sim {

class SdaWatcher {
 public:
  virtual ~SdaWatcher() = default;
  virtual void on_sda(Nanoseconds at, bool high) = 0;
};

}  // namespace kb::sim
