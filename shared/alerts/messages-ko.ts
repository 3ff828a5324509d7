/**
 * Every human string of the Slack alerts, in Korean. Same keys and placeholders as
 * messages-en.ts (the type and a test enforce it). AWS service and resource names stay in
 * English, as they appear in the Korean AWS console.
 */
import type { AlertMessages } from './messages-en.js';

const MESSAGES_KO: AlertMessages = {
  'title.incident': '{emoji} {name}: 태스크를 시작할 수 없습니다 ({category})',
  'title.incidentMany': '{emoji} {name}: 태스크 {count}개가 시작에 실패했습니다 ({category})',
  'title.fixed': '{emoji} 수정됨: {name}: 누락된 엔드포인트를 만들었습니다 ({category})',
  'title.partiallyFixed': '{emoji} 일부 수정됨: {name}: 일부 변경이 실패했습니다 ({category})',
  'title.fixFailed': '{emoji} 수정 실패: {name}: 태스크가 여전히 시작되지 않습니다 ({category})',
  'name.standalone': '{cluster}의 단독 태스크',

  'section.what': '무엇이 실패했나요',
  'section.why': '원인',
  'section.path': '네트워크 경로 (홉별)',
  'section.plan': 'ecs-netfix가 할 작업 (드라이 런: 아무것도 변경하지 않았습니다)',
  'section.applied': 'ecs-netfix가 한 작업',
  'section.noChange': 'ecs-netfix가 한 작업',
  'section.fix': '직접 해결하는 방법',

  'what.service': '클러스터 {cluster} · 서비스 {service} · 태스크 {task}',
  'what.standalone': '클러스터 {cluster} · 태스크 {task} (서비스에 속하지 않은 단독 태스크)',
  'what.account': '계정 {account} · 리전 {region}',
  'what.failureCount': '같은 문제로 태스크 {count}개가 실패했습니다 (실패한 태스크마다가 아니라 문제마다 알림을 한 번 보냅니다).',
  'what.stopReason': '중지 사유:',
  'what.noStopReason': 'ECS가 중지 사유를 보내지 않았습니다.',
  'what.console': 'ECS 콘솔에서 열기',

  'why.category': '분류: {category} {code}',
  'why.thisTask': '이 태스크의 중지 사유가 가리키는 것: {category}',
  'why.hosts': '호스트: {hosts}',
  'why.ipPrivate':
    '주소 {ip}는 사설 IP입니다. 이름이 이미 VPC 안에서 해석되므로 보안 그룹, 네트워크 ACL 또는 엔드포인트 정책이 경로를 막고 있습니다. 엔드포인트를 새로 만들어도 해결되지 않습니다.',
  'why.ipPublic':
    '주소 {ip}는 공인 IP입니다. 이 서비스에 프라이빗 DNS가 적용되지 않았습니다 (엔드포인트 없음, 프라이빗 DNS 꺼짐, VPC DNS 설정 꺼짐 또는 사용자 지정 DNS 서버).',
  'why.ipPublicInternet':
    '주소 {ip}은(는) 공인 주소입니다: 레지스트리가 인터넷에 있고 이를 위한 VPC 엔드포인트는 없으므로, 태스크가 닿으려면 NAT 게이트웨이(또는 공인 IP)가 필요합니다.',
  'why.notNetwork': '네트워크 문제가 아닙니다. VPC 엔드포인트나 NAT 게이트웨이로는 해결되지 않습니다.',
  'why.unclassified': '중지 사유가 알려진 패턴과 일치하지 않습니다.',
  'why.unknowns': '확인할 수 없었던 정보: {items}',

  'path.none': '네트워크 경로를 검사하지 않았습니다.',
  'path.neededFor': '각 서비스가 필요한 이유:',

  'plan.action': '{description}: 월 약 {cost}',
  'plan.actionFree': '{description}: 무료',
  'plan.total':
    '합계 월 약 {plan}. 대신 NAT 게이트웨이를 쓰면 (가용 영역마다 1개) 월 약 {nat}입니다. 추정치이며 {date} 기준 가격입니다.',
  'plan.apply': '적용하려면 DRY_RUN=false로 배포하거나 아래의 --apply 명령을 실행하세요.',
  'plan.empty': '변경할 것이 없습니다.',

  'applied.line': '{icon} {description}: {status}',
  'applied.state': '상태 {state}',
  'applied.note': '사유: {note}',
  'applied.cost': '추가 비용 월 약 {plan} (추정치, {date} 기준 가격).',

  'status.planned': '계획됨',
  'status.created': '생성됨',
  'status.modified': '변경됨',
  'status.already-done': '이미 적용됨',
  'status.skipped': '건너뜀',
  'status.failed': '실패',

  'noChange.alert-only':
    '아무것도 변경하지 않았습니다. 사람이 직접 해결해야 하는 문제입니다. ecs-netfix는 VPC 엔드포인트만 만들며 NAT 게이트웨이, IAM, 보안 그룹, 네트워크 ACL, DNS는 변경하지 않습니다.',
  'noChange.alert-only-internet':
    '변경한 것이 없습니다: 공개 레지스트리에는 NAT 게이트웨이(또는 공인 IP)로만 닿을 수 있으며, ecs-netfix는 이를 변경하지 않습니다.',
  'noChange.not-network': '아무것도 변경하지 않았습니다. 네트워크를 바꿔서 해결되는 문제가 아닙니다.',
  'noChange.healthy':
    '아무것도 변경하지 않았습니다. 지금은 경로가 모두 정상입니다. 태스크가 계속 실패하면 일시적인 문제였거나 다른 곳에 원인이 있습니다.',
  'noChange.out-of-scope': '아무것도 변경하지 않았습니다. 이 VPC 또는 클러스터가 허용 목록에 없거나 태그로 제외되어 있습니다.',
  'noChange.deduplicated': '아무것도 변경하지 않았습니다. 다른 실행이 이 장애를 처리하고 있습니다.',
  'noChange.ignored': '아무것도 변경하지 않았습니다. 시작 실패가 아닙니다.',
  'noChange.invalid': '아무것도 변경하지 않았습니다. 입력이 올바르지 않습니다.',
  'noChange.note': '세부 정보: {note}',

  'fix.automatic': '(ecs-netfix가 직접 처리할 수 있음)',
  'fix.none': '조치할 필요가 없습니다.',
  'fix.more': '나머지 발견 사항 {count}개는 전체 보고서에 있습니다.',
  'fix.diagnoseOnly': '내 컴퓨터에서 다시 진단:',
  'fix.endpointSecurityGroup':
    '먼저 엔드포인트 보안 그룹(태스크 보안 그룹에서 HTTPS 허용)을 만드세요. 엔드포인트 명령이 쓰는 $ENDPOINT_SG_ID가 설정됩니다:',
  'fix.diagnose': '로컬에서 다시 진단하거나 수정을 적용하려면:',

  'summary.incident': '{name} ({cluster}): {category}. {outcome}.',

  'outcome.would-fix': '드라이 런: 수정 계획만 세우고 변경하지 않았습니다',
  'outcome.fixed': '해결됨: 누락된 엔드포인트를 만들었습니다',
  'outcome.partially-fixed': '일부 해결됨: 일부 변경이 실패했습니다',
  'outcome.alert-only': '사람의 조치가 필요합니다',
  'outcome.failed': '수정에 실패했습니다',
  'outcome.not-network': '네트워크 문제가 아닙니다',
  'outcome.healthy': '지금은 경로가 정상입니다',
  'outcome.out-of-scope': '범위 밖: 보고만 합니다',
  'outcome.deduplicated': '다른 실행이 처리 중입니다',
  'outcome.ignored': '무시됨',
  'outcome.invalid': '잘못된 입력',
  'outcome.verified': '생성한 엔드포인트를 사용할 수 있습니다',
  'outcome.verify-pending': '생성한 엔드포인트가 아직 준비 중입니다',
  'outcome.verify-failed': '생성한 엔드포인트가 사용 가능 상태가 되지 않았습니다',
  'outcome.redeployed': '엔드포인트 준비 완료, 새 배포를 시작했습니다',
  'outcome.recovered': '서비스가 다시 실행 중입니다',

  'category.ecr_api_unreachable': 'ECR API에 연결할 수 없음',
  'category.ecr_dkr_unreachable': 'ECR 레지스트리에 연결할 수 없음',
  'category.s3_layer_unreachable': 'S3의 이미지 레이어에 연결할 수 없음',
  'category.secretsmanager_unreachable': 'Secrets Manager에 연결할 수 없음',
  'category.ssm_unreachable': 'SSM Parameter Store에 연결할 수 없음',
  'category.logs_unreachable': 'CloudWatch Logs에 연결할 수 없음',
  'category.dns_resolution_failed': 'DNS 이름 해석 실패',
  'category.public_registry_unreachable': '퍼블릭 레지스트리에 연결할 수 없음',
  'category.efs_mount_failed': 'EFS 마운트 대상에 연결할 수 없음',
  'category.ambiguous_network': '네트워크 시간 초과',
  'category.iam_permission_denied': 'IAM 권한 거부',
  'category.image_not_found': '이미지를 찾을 수 없음',
  'category.registry_auth_failed': '레지스트리 인증 실패',
  'category.rate_limited': '레지스트리 요청 한도 초과',
  'category.disk_or_host_problem': '디스크 또는 호스트 문제',
  'category.other_not_network': '네트워크 문제 아님',
  'category.unknown': '원인 불명',

  'update.verified.title': '✅ 확인 완료: {name}',
  'update.verified.body':
    'ecs-netfix가 만든 엔드포인트를 사용할 수 있습니다. 이제 {name}의 새 태스크가 필요한 곳에 연결할 수 있습니다.',
  'update.verify-failed.title': '❌ 확인 실패: {name}',
  'update.verify-failed.body': 'ecs-netfix가 만든 엔드포인트 중 아직 사용할 수 없는 것이 있습니다.',
  'update.redeployed.title': '🔄 재배포: {name}',
  'update.redeployed.body':
    '다음 재시도를 기다리지 않고 태스크가 바로 다시 시작되도록 ecs-netfix가 {name}의 새 배포를 시작했습니다.',
  'update.recovered.title': '✅ 복구됨: {name}',
  'update.recovered.withDuration': '서비스 {name}이(가) 첫 실패 후 {duration} 만에 다시 실행 중입니다.',
  'update.recovered.plain': '서비스 {name}이(가) 다시 실행 중입니다.',
  'update.reopened.title': '🚨 재발: {name}이(가) 다시 실패합니다',
  'update.reopened.body': '수정 후에도 {name}의 태스크가 다시 시작에 실패하고 있습니다.',
  'update.still-failing.title': '⚠️ 계속 실패 중: {name}',
  'update.still-failing.body': '{name}의 태스크가 여전히 시작에 실패하고 있습니다.',
  'update.failedTasks': '(실패한 태스크 {count}개)',
  'update.endpoints': '엔드포인트:',
  'update.endpoint': '{icon} {id} ({service}): {state}',
  'update.note': '참고: {note}',
  'update.cause': '원인: {category}',

  'duration.seconds': '{s}초',
  'duration.minutes': '{m}분 {s}초',
  'duration.hours': '{h}시간 {m}분',
};

export { MESSAGES_KO };
