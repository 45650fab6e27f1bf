import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);

// node_modules/tinypool/dist/common-Bo3KCGim.js
var kMovable = /* @__PURE__ */ Symbol("Tinypool.kMovable");
var kTransferable = /* @__PURE__ */ Symbol.for("Tinypool.transferable");
var kValue = /* @__PURE__ */ Symbol.for("Tinypool.valueOf");
var kQueueOptions = /* @__PURE__ */ Symbol.for("Tinypool.queueOptions");
function isTransferable(value) {
  return value != null && typeof value === "object" && kTransferable in value && kValue in value;
}
function isMovable(value) {
  return isTransferable(value) && value[kMovable] === true;
}
function markMovable(value) {
  Object.defineProperty(value, kMovable, {
    enumerable: false,
    configurable: true,
    writable: true,
    value: true
  });
}
function withNullPrototype(source) {
  return Object.assign(/* @__PURE__ */ Object.create(null), source);
}
var kRequestCountField = 0;
var kResponseCountField = 1;
var kFieldCount = 2;

export {
  kTransferable,
  kValue,
  kQueueOptions,
  isTransferable,
  isMovable,
  markMovable,
  withNullPrototype,
  kRequestCountField,
  kResponseCountField,
  kFieldCount
};
