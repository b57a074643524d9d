import { onnx } from 'onnx-proto';
import type { FastTextModel } from './fasttext-model.ts';
import { HEADS } from './fasttext-model.ts';

/** Reads an exported model's parameters back (tests and tooling only; onnx-proto stays out of the runtime). */
export function readOnnxModel(bytes: Uint8Array): { model: FastTextModel; proto: onnx.ModelProto } {
  const proto = onnx.ModelProto.decode(bytes);
  const tensors = new Map(proto.graph!.initializer!.map((tensor) => [tensor.name!, tensor]));
  const floats = (name: string) => {
    const raw = tensors.get(name)!.rawData!;
    return new Float32Array(raw.slice().buffer);
  };
  const embedding = tensors.get('embedding')!;
  const [buckets, dimension] = embedding.dims!.map(Number) as [number, number];
  const model: FastTextModel = {
    buckets,
    dimension,
    bags: proto.graph!.input!.length,
    embedding: floats('embedding'),
    layer: tensors.has('layer_bias') ? { units: Number(tensors.get('layer_bias')!.dims![0]), weights: floats('layer_weights'), bias: floats('layer_bias') } : null,
    weights: HEADS.map((head) => floats(`${head.name}_weights`)),
    biases: HEADS.map((head) => floats(`${head.name}_bias`)),
  };
  return { model, proto };
}

/** Re-encodes a model proto whose initializers were changed in place. */
export function writeOnnxModel(proto: onnx.ModelProto): Uint8Array {
  return onnx.ModelProto.encode(proto).finish();
}
