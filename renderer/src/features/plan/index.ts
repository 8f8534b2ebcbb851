export { CasePlan } from './CasePlan';
export { SitePlanView, type SitePlanViewProps } from './SitePlanView';
