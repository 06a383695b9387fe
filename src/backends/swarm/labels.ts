/** Label swarm puts on everything `docker stack deploy` creates. */
export const STACK_LABEL = 'com.docker.stack.namespace';
/** Label cc-ci puts on what it creates itself (external secrets, probe and helper containers). */
export const CCCI_LABEL = 'cc-ci.stack';

export const stackFilter = (stack: string) => ({ label: [`${STACK_LABEL}=${stack}`] });
export const ccciFilter = (stack: string) => ({ label: [`${CCCI_LABEL}=${stack}`] });
