/** The catalog model a request is being sent to, as translation needs it. */
export interface TargetModel {
  upstreamId: string;
  provider: string;
  maxOutputTokens: number;
  capabilities: { tools: boolean; vision: boolean; thinking: boolean };
}
