// I2C target front end (synthesizable SystemVerilog).
//
// Detects START, repeated START and STOP, matches a 7-bit address given as an input, drives
// ACK/NACK, and hands whole bytes to a device model over a small handshake. SCL is held low
// (clock stretching) while the device side decides on its address or a written byte, prepares
// the next byte to send, or says it is busy.
//
// Bus pins are open drain: scl_i/sda_i are the resolved line levels, *_oe = 1 pulls the line low.
// Both inputs pass a two-flop synchronizer and a spike filter: a level is taken only once it has
// been sampled FILTER_LEN times in a row, so a pulse no longer than SPIKE_PS (the I2C
// specification's 50 ns for fast mode and fast mode plus) never reaches the state machine.
//
// Device handshake (all on clk):
//   addr_valid_o  level: the address matched, rw_o holds R/W; answer with dev_ack_valid_i
//   rx_valid_o    level: rx_byte_o holds a written byte; answer with dev_ack_valid_i
//   tx_req_o      level: the next byte to send is wanted; answer with tx_valid_i + tx_byte_i
//   dev_ack_i     with dev_ack_valid_i: 1 = ACK, 0 = NACK
//   start_o, stop_o, tx_nack_o: one-cycle pulses (START or repeated START, STOP, initiator NACK)
//   busy_i        holds SCL low whenever it is low, for as long as it is set
module i2c_target #(
    parameter int CLK_PERIOD_PS = 20000,  // sampling clock period (50 MHz)
    parameter int SPIKE_PS      = 50000   // longest spike to suppress
) (
    input  logic       clk,
    input  logic       rst_n,
    input  logic       scl_i,
    input  logic       sda_i,
    output logic       scl_oe,
    output logic       sda_oe,
    input  logic [6:0] address,

    output logic       start_o,
    output logic       stop_o,
    output logic       addr_valid_o,
    output logic       rw_o,
    output logic       rx_valid_o,
    output logic [7:0] rx_byte_o,
    output logic       tx_req_o,
    output logic       tx_nack_o,
    input  logic       dev_ack_valid_i,
    input  logic       dev_ack_i,
    input  logic       tx_valid_i,
    input  logic [7:0] tx_byte_i,
    input  logic       busy_i
);
  // A pulse of width w covers at most floor(w / T) + 1 samples; FILTER_LEN is one more.
  localparam int FILTER_LEN = SPIKE_PS / CLK_PERIOD_PS + 2;
  localparam int CW = $clog2(FILTER_LEN + 1);

  // ---- synchronizers and spike filters ------------------------------------------------------
  logic [1:0] scl_sync, sda_sync;
  logic scl_f, sda_f;          // filtered levels
  logic scl_prev, sda_prev;    // filtered levels one cycle ago
  logic [CW-1:0] scl_cnt, sda_cnt;

  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      scl_sync <= 2'b11;
      sda_sync <= 2'b11;
      scl_f <= 1'b1;
      sda_f <= 1'b1;
      scl_prev <= 1'b1;
      sda_prev <= 1'b1;
      scl_cnt <= '0;
      sda_cnt <= '0;
    end else begin
      scl_sync <= {scl_sync[0], scl_i};
      sda_sync <= {sda_sync[0], sda_i};
      scl_prev <= scl_f;
      sda_prev <= sda_f;
      if (scl_sync[1] == scl_f) scl_cnt <= '0;
      else if (scl_cnt == CW'(FILTER_LEN - 1)) begin
        scl_f <= scl_sync[1];
        scl_cnt <= '0;
      end else scl_cnt <= scl_cnt + 1'b1;
      if (sda_sync[1] == sda_f) sda_cnt <= '0;
      else if (sda_cnt == CW'(FILTER_LEN - 1)) begin
        sda_f <= sda_sync[1];
        sda_cnt <= '0;
      end else sda_cnt <= sda_cnt + 1'b1;
    end
  end

  wire scl_rise = scl_f & ~scl_prev;
  wire scl_fall = ~scl_f & scl_prev;
  wire start_cond = scl_f & scl_prev & sda_prev & ~sda_f;
  wire stop_cond = scl_f & scl_prev & ~sda_prev & sda_f;

  // ---- protocol state machine ----------------------------------------------------------------
  typedef enum logic [3:0] {
    IDLE,       // bus free or not addressed: wait for START
    ADDR,       // shifting in the address byte
    ADDR_WAIT,  // address matched: stretch until the device decides
    ADDR_ACK,   // ninth clock of the address byte
    RX,         // shifting in a written byte
    RX_WAIT,    // byte complete: stretch until the device takes it
    RX_ACK,     // ninth clock of a written byte
    TX_WAIT,    // stretch until the device gives the next byte
    TX,         // shifting out a byte
    TX_ACK      // ninth clock of a read byte: sample the initiator's ACK
  } state_t;

  state_t state;
  logic [7:0] shift;
  logic [3:0] bits;
  logic acked;     // the device's answer for the current ninth clock
  logic hold_scl;  // stretching

  assign addr_valid_o = state == ADDR_WAIT;
  assign rx_valid_o = state == RX_WAIT;
  assign tx_req_o = state == TX_WAIT;
  assign rx_byte_o = shift;
  assign scl_oe = hold_scl | (busy_i & ~scl_f & state != IDLE);

  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      state <= IDLE;
      shift <= '0;
      bits <= '0;
      acked <= 1'b0;
      hold_scl <= 1'b0;
      sda_oe <= 1'b0;
      rw_o <= 1'b0;
      start_o <= 1'b0;
      stop_o <= 1'b0;
      tx_nack_o <= 1'b0;
    end else begin
      start_o <= 1'b0;
      stop_o <= 1'b0;
      tx_nack_o <= 1'b0;
      if (start_cond) begin
        // START or repeated START: whatever was going on ends here.
        state <= ADDR;
        bits <= '0;
        hold_scl <= 1'b0;
        sda_oe <= 1'b0;
        start_o <= 1'b1;
      end else if (stop_cond) begin
        state <= IDLE;
        hold_scl <= 1'b0;
        sda_oe <= 1'b0;
        stop_o <= 1'b1;
      end else begin
        case (state)
          IDLE: ;
          ADDR, RX: begin
            if (scl_rise && bits != 4'd8) begin
              shift <= {shift[6:0], sda_f};
              bits <= bits + 1'b1;
            end else if (scl_fall && bits == 4'd8) begin
              if (state == RX) begin
                state <= RX_WAIT;
                hold_scl <= 1'b1;
              end else if (shift[7:1] == address) begin
                rw_o <= shift[0];
                state <= ADDR_WAIT;
                hold_scl <= 1'b1;
              end else begin
                state <= IDLE;  // another target's address
              end
            end
          end
          ADDR_WAIT, RX_WAIT: begin
            if (dev_ack_valid_i) begin
              acked <= dev_ack_i;
              sda_oe <= dev_ack_i;
              hold_scl <= 1'b0;
              state <= state == ADDR_WAIT ? ADDR_ACK : RX_ACK;
            end
          end
          ADDR_ACK, RX_ACK: begin
            if (scl_fall) begin
              sda_oe <= 1'b0;
              bits <= '0;
              if (!acked) state <= IDLE;
              else if (state == ADDR_ACK && rw_o) begin
                state <= TX_WAIT;
                hold_scl <= 1'b1;
              end else state <= RX;
            end
          end
          TX_WAIT: begin
            if (tx_valid_i) begin
              shift <= {tx_byte_i[6:0], 1'b0};
              sda_oe <= ~tx_byte_i[7];
              bits <= '0;
              hold_scl <= 1'b0;
              state <= TX;
            end
          end
          TX: begin
            if (scl_rise) bits <= bits + 1'b1;
            else if (scl_fall) begin
              if (bits == 4'd8) begin
                sda_oe <= 1'b0;
                state <= TX_ACK;
              end else begin
                sda_oe <= ~shift[7];
                shift <= {shift[6:0], 1'b0};
              end
            end
          end
          TX_ACK: begin
            if (scl_rise) acked <= ~sda_f;
            else if (scl_fall) begin
              if (acked) begin
                state <= TX_WAIT;
                hold_scl <= 1'b1;
              end else begin
                tx_nack_o <= 1'b1;
                state <= IDLE;  // the initiator ends the read; wait for STOP
              end
            end
          end
          default: state <= IDLE;
        endcase
      end
    end
  end
endmodule
