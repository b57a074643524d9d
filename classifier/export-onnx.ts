import { onnx } from 'onnx-proto';
import { CLASSES, HEAD_OFFSETS, HEADS, type LinearModel } from './linear-model.ts';

/**
 * Writes the model as an ONNX graph (opset 13, IR 8). Per bag of ids, with its counts:
 * Gather(idf) × (1 + Log(counts)) → divided by its ReduceL2 → × the bag's scale → MatMul with the
 * bag's rows of the weight table (Gather, float16 → Cast to float32); the bags' products and the
 * bias are summed into logits, sliced per head, Softmax. Batch size is one request. Build-time only:
 * onnx-proto (protobufjs) never enters the runtime bundle.
 * @see ../../shared/RUNTIME-NOTES.md "Making and running the ONNX model"
 */
/** Graph inputs per bag: `<bag>_ids` (int32, distinct ids) and `<bag>_counts` (float32, occurrences). */
export function inputNames(bags: readonly string[]): { ids: string; counts: string }[] {
  return bags.map((bag) => ({ ids: `${bag}_ids`, counts: `${bag}_counts` }));
}

const { FLOAT, FLOAT16, INT64 } = onnx.TensorProto.DataType;
const { INT, INTS } = onnx.AttributeProto.AttributeType;

function floatTensor(name: string, dims: number[], values: Float32Array): onnx.ITensorProto {
  return { name, dims, dataType: FLOAT, rawData: new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength)) };
}

function halfTensor(name: string, dims: number[], values: Float32Array): onnx.ITensorProto {
  const half = Float16Array.from(values);
  return { name, dims, dataType: FLOAT16, rawData: new Uint8Array(half.buffer) };
}

function int64Tensor(name: string, values: number[]): onnx.ITensorProto {
  return { name, dims: [values.length], dataType: INT64, rawData: new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer) };
}

function tensorInfo(name: string, elemType: number, dim: onnx.TensorShapeProto.IDimension[]): onnx.IValueInfoProto {
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

function node(opType: string, input: string[], output: string, attribute: onnx.IAttributeProto[] = []): onnx.INodeProto {
  return { opType, input, output: [output], name: output, attribute };
}

/** The graph of a trained model, ready to write to classifier/model/classifier.onnx. */
export function exportOnnx(model: LinearModel, name: string, inputs: readonly { ids: string; counts: string }[]): Uint8Array {
  if (inputs.length !== model.bagScales.length) throw new Error(`the model has ${model.bagScales.length} bags, ${inputs.length} inputs given`);
  // Float16 holds ±65,504 at most; anything else means training went wrong, not a value to clip.
  if (!model.weights.every((value) => Number.isFinite(value) && Math.abs(value) <= 65504)) throw new Error('weights are not all finite float16 values');
  const initializers: onnx.ITensorProto[] = [
    halfTensor('weights', [model.buckets, CLASSES], model.weights),
    floatTensor('bias', [CLASSES], model.bias),
    floatTensor('idf', [model.buckets], model.idf),
    floatTensor('one', [], Float32Array.of(1)),
    int64Tensor('row_shape', [1, -1]),
  ];
  const nodes: onnx.INodeProto[] = [];
  const products: string[] = [];
  inputs.forEach(({ ids, counts }, index) => {
    const bag = ids.replace(/_ids$/, '');
    initializers.push(floatTensor(`${bag}_scale`, [], Float32Array.of(model.bagScales[index]!)));
    nodes.push(
      node('Gather', ['idf', ids], `${bag}_idf`, [{ name: 'axis', type: INT, i: 0 }]),
      node('Log', [counts], `${bag}_log_counts`),
      node('Add', ['one', `${bag}_log_counts`], `${bag}_tf`),
      node('Mul', [`${bag}_tf`, `${bag}_idf`], `${bag}_tfidf`),
      node('ReduceL2', [`${bag}_tfidf`], `${bag}_norm`, [{ name: 'axes', type: INTS, ints: [0] }, { name: 'keepdims', type: INT, i: 1 }]),
      node('Div', [`${bag}_tfidf`, `${bag}_norm`], `${bag}_unit`),
      node('Mul', [`${bag}_unit`, `${bag}_scale`], `${bag}_values`),
      node('Reshape', [`${bag}_values`, 'row_shape'], `${bag}_row`),
      node('Gather', ['weights', ids], `${bag}_weights_half`, [{ name: 'axis', type: INT, i: 0 }]),
      node('Cast', [`${bag}_weights_half`], `${bag}_weights`, [{ name: 'to', type: INT, i: FLOAT }]),
      node('MatMul', [`${bag}_row`, `${bag}_weights`], `${bag}_logits`),
    );
    products.push(`${bag}_logits`);
  });
  nodes.push(node('Sum', [...products, 'bias'], 'logits'));
  const outputs: onnx.IValueInfoProto[] = [];
  HEADS.forEach((head, index) => {
    const from = HEAD_OFFSETS[index]!;
    const classes = head.labels.length;
    initializers.push(int64Tensor(`${head.name}_start`, [from]), int64Tensor(`${head.name}_end`, [from + classes]), int64Tensor(`${head.name}_axes`, [1]));
    nodes.push(
      node('Slice', ['logits', `${head.name}_start`, `${head.name}_end`, `${head.name}_axes`], `${head.name}_logits`),
      node('Softmax', [`${head.name}_logits`], head.output, [{ name: 'axis', type: INT, i: -1 }]),
    );
    outputs.push(tensorInfo(head.output, FLOAT, [{ dimValue: 1 }, { dimValue: classes }]));
  });
  const graph: onnx.IGraphProto = {
    name,
    node: nodes,
    initializer: initializers,
    input: inputs.flatMap(({ ids, counts }) => [tensorInfo(ids, onnx.TensorProto.DataType.INT32, [{ dimParam: `${ids}_count` }]), tensorInfo(counts, FLOAT, [{ dimParam: `${ids}_count` }])]),
    output: outputs,
  };
  const modelProto = onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 13 }], producerName: 'coderouter classifier/train.ts', graph });
  return onnx.ModelProto.encode(modelProto).finish();
}
